package io.bongsu.exposition;

/**
 * Metric family types of OpenMetrics 1.0. Text format 0.0.4 knows counter, gauge, histogram,
 * summary and untyped (read and written as {@link #UNKNOWN}); the others are written there as the
 * nearest type it has.
 */
public enum MetricType {
  COUNTER("counter", "counter"),
  GAUGE("gauge", "gauge"),
  HISTOGRAM("histogram", "histogram"),
  GAUGE_HISTOGRAM("gaugehistogram", "untyped"),
  SUMMARY("summary", "summary"),
  INFO("info", "gauge"),
  STATESET("stateset", "gauge"),
  UNKNOWN("unknown", "untyped");

  private final String text;
  private final String textFormatName;

  MetricType(String text, String textFormatName) {
    this.text = text;
    this.textFormatName = textFormatName;
  }

  /** The OpenMetrics name, which the HTTP API reports too: {@code counter}, {@code unknown}. */
  public String text() {
    return text;
  }

  /** The word after {@code # TYPE} in text format 0.0.4. */
  public String textFormatName() {
    return textFormatName;
  }
}
