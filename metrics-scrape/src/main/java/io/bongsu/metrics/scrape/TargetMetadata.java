package io.bongsu.metrics.scrape;

import io.bongsu.common.labels.Labels;

/** One metric's metadata as a given target exposed it ({@code /api/v1/targets/metadata}). */
public record TargetMetadata(Labels target, String metric, MetricMetadata metadata) {}
