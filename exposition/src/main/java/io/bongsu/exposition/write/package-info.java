/**
 * Writing metrics in the Prometheus text format 0.0.4 and OpenMetrics 1.0.
 *
 * <p>{@link io.bongsu.exposition.write.MetricFamily} and {@link io.bongsu.exposition.write.Sample}
 * are a format-neutral model; {@link io.bongsu.exposition.write.TextFormatWriter} and
 * {@link io.bongsu.exposition.write.OpenMetricsWriter} render it, and
 * {@link io.bongsu.exposition.ExpositionFormat#negotiate(String)} picks one from an Accept
 * header. Numbers are printed as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} does
 * ({@link io.bongsu.common.text.GoFloat}), so output matches Go exporters byte for byte.
 */
package io.bongsu.exposition.write;

import io.bongsu.exposition.ExpositionFormat;
