package io.bongsu.exposition.parse;

/** Metric family types of both formats; the text format's {@code untyped} reads as UNKNOWN. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram"),
  GAUGE_HISTOGRAM("gaugehistogram"),
  SUMMARY("summary"),
  INFO("info"),
  STATESET("stateset"),
  UNKNOWN("unknown");

  private final String text;

  MetricType(String text) {
    this.text = text;
  }

  /** The name the HTTP API reports, e.g. {@code counter}, {@code unknown}. */
  public String text() {
    return text;
  }
}
