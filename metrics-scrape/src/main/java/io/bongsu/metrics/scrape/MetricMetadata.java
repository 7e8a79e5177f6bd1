package io.bongsu.metrics.scrape;

/**
 * What a target said about a metric family, as {@code /api/v1/metadata} reports it.
 *
 * @param type e.g. "counter", "unknown"
 */
public record MetricMetadata(String type, String help, String unit) {}
