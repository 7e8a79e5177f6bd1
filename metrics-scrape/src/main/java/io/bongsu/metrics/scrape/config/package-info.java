/**
 * {@code prometheus.yml}: {@link io.bongsu.metrics.scrape.config.PrometheusConfig#load} reads and
 * validates the file with Prometheus's defaults; errors name the field as a YAML path.
 */
package io.bongsu.metrics.scrape.config;
