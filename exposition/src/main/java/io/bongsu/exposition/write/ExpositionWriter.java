package io.bongsu.exposition.write;

import io.bongsu.exposition.ExpositionFormat;
import java.io.IOException;
import java.io.Writer;

/** Writes metric families in one exposition format. */
public interface ExpositionWriter {
  static ExpositionWriter of(ExpositionFormat format) {
    return switch (format) {
      case PROMETHEUS_TEXT -> TextFormatWriter.INSTANCE;
      case OPENMETRICS -> OpenMetricsWriter.INSTANCE;
    };
  }

  /** Appends the families to a buffer. */
  void write(StringBuilder out, Iterable<MetricFamily> families);

  default String write(Iterable<MetricFamily> families) {
    StringBuilder sb = new StringBuilder(4096);
    write(sb, families);
    return sb.toString();
  }

  default void write(Writer out, Iterable<MetricFamily> families) throws IOException {
    StringBuilder sb = new StringBuilder(4096);
    write(sb, families);
    out.append(sb);
  }
}
