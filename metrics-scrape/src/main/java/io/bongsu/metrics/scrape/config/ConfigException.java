package io.bongsu.metrics.scrape.config;

/** An invalid configuration; the message names the field (as a YAML path) and what is wrong. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
