package io.bongsu.metrics.api;

/**
 * What {@code /api/v1/status/buildinfo} reports. Grafana reads {@code version} to pick features,
 * so it should be a Prometheus-compatible version string.
 */
public record BuildInfo(String version, String revision, String branch, String buildUser,
    String buildDate, String goVersion) {}
