package io.bongsu.metrics.api;

/** Reloads the configuration, for {@code POST /-/reload}. */
@FunctionalInterface
public interface ReloadAction {
  /** @throws Exception when the new configuration is invalid; the old one stays in force */
  void reload() throws Exception;
}
