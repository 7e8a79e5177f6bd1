package io.bongsu.exposition.parse;

import java.util.Locale;

/** The text formats a target may expose. */
public enum ExpositionFormat {
  /** Prometheus text format 0.0.4: millisecond timestamps, no exemplars, no {@code # EOF}. */
  PROMETHEUS_TEXT,
  /** OpenMetrics 1.0 text: second timestamps, exemplars, units, a mandatory {@code # EOF}. */
  OPENMETRICS;

  /** What a scraper sends in {@code Accept}: OpenMetrics first, then text, then anything. */
  public static final String SCRAPE_ACCEPT_HEADER =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  /**
   * Picks the parser for a response's Content-Type as Prometheus does: OpenMetrics only for the
   * {@code application/openmetrics-text} media type, the text format for everything else
   * (including a missing header).
   */
  public static ExpositionFormat fromContentType(String contentType) {
    if (contentType == null) {
      return PROMETHEUS_TEXT;
    }
    int semi = contentType.indexOf(';');
    String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return media.toLowerCase(Locale.ROOT).equals("application/openmetrics-text")
        ? OPENMETRICS
        : PROMETHEUS_TEXT;
  }
}
