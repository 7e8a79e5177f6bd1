/**
 * Reading exposition formats: {@link io.bongsu.exposition.parse.ExpositionParser} pulls entries
 * from a Prometheus text 0.0.4 or OpenMetrics 1.0 body held in memory, without allocating per
 * sample, and reports bad input only as {@link io.bongsu.exposition.parse.ExpositionParseException}.
 */
package io.bongsu.exposition.parse;
