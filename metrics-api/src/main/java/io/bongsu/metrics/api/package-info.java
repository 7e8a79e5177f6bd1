/**
 * The Prometheus HTTP API v1 ({@link io.bongsu.metrics.api.PrometheusApi}), mounted on any Armeria
 * server. What it needs from the rest of the server comes through small interfaces defined here
 * ({@link io.bongsu.metrics.api.TargetSource}, {@link io.bongsu.metrics.api.MetadataSource},
 * {@link io.bongsu.metrics.api.ConfigSource}, {@link io.bongsu.metrics.api.TsdbStatsSource},
 * {@link io.bongsu.metrics.api.ReloadAction}), so this module does not depend on how scraping or
 * the TSDB are built.
 */
package io.bongsu.metrics.api;
