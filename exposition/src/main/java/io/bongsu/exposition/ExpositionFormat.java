package io.bongsu.exposition;

import java.util.Locale;

/**
 * The text formats of a /metrics endpoint: how a scraper asks for and recognises them, and how an
 * endpoint picks one from the Accept header.
 */
public enum ExpositionFormat {
  /** Prometheus text format 0.0.4: millisecond timestamps, no exemplars, no {@code # EOF}. */
  PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
  /** OpenMetrics 1.0 text: second timestamps, exemplars, units, a mandatory {@code # EOF}. */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The Content-Type an endpoint answers with in this format. */
  public String contentType() {
    return contentType;
  }

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

  /**
   * OpenMetrics when the Accept header lists {@code application/openmetrics-text} (version 1.0.0
   * or unversioned) with a quality at least that of any other acceptable type; text 0.0.4 otherwise,
   * including for a missing or malformed header.
   */
  public static ExpositionFormat negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return PROMETHEUS_TEXT;
    }
    double openMetricsQ = -1;
    double otherQ = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      String version = null;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int eq = p.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String val = p.substring(eq + 1).trim();
        if (key.equals("q")) {
          try {
            q = Double.parseDouble(val);
          } catch (NumberFormatException e) {
            q = 0;
          }
        } else if (key.equals("version")) {
          version = val;
        }
      }
      if (q <= 0) {
        continue;
      }
      if (type.equals("application/openmetrics-text")) {
        if (version == null || version.equals("1.0.0")) {
          openMetricsQ = Math.max(openMetricsQ, q);
        }
      } else if (!type.equals("*/*")) {
        otherQ = Math.max(otherQ, q);
      }
    }
    return openMetricsQ > 0 && openMetricsQ >= otherQ ? OPENMETRICS : PROMETHEUS_TEXT;
  }
}
