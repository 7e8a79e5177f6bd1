/**
 * Scraping as Prometheus does it. {@link io.bongsu.metrics.scrape.ScrapeManager} is the entry
 * point: give it a {@link io.bongsu.metrics.storage.Storage}, call
 * {@link io.bongsu.metrics.scrape.ScrapeManager#apply} with a parsed {@code prometheus.yml} on
 * start and on every reload, and read targets and metadata back for the HTTP API.
 */
package io.bongsu.metrics.scrape;
