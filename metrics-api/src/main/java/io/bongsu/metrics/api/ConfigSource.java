package io.bongsu.metrics.api;

/** The loaded configuration as YAML text, for {@code /api/v1/status/config}. */
@FunctionalInterface
public interface ConfigSource {
  String yaml();
}
