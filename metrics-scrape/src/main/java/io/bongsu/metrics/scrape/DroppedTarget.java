package io.bongsu.metrics.scrape;

import io.bongsu.common.labels.Labels;

/** A discovered target that relabeling dropped, kept for {@code /api/v1/targets}. */
public record DroppedTarget(String scrapePool, Labels discoveredLabels) {}
