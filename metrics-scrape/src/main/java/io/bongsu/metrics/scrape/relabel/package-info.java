/** Relabeling of targets and samples with every Prometheus action. */
package io.bongsu.metrics.scrape.relabel;
