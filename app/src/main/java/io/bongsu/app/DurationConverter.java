package io.bongsu.app;

import io.bongsu.metrics.scrape.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads Prometheus-style durations on the command line: 15d, 2h30m, 500ms. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
