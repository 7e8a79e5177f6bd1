package io.bongsu.exposition.write;

import java.util.Locale;

/** The exposition formats a /metrics endpoint can answer with, and Accept header negotiation. */
public enum ExpositionFormat {
  TEXT_0_0_4("text/plain; version=0.0.4; charset=utf-8", TextFormatWriter.INSTANCE),
  OPENMETRICS_1_0_0("application/openmetrics-text; version=1.0.0; charset=utf-8", OpenMetricsWriter.INSTANCE);

  private final String contentType;
  private final ExpositionWriter writer;

  ExpositionFormat(String contentType, ExpositionWriter writer) {
    this.contentType = contentType;
    this.writer = writer;
  }

  public String contentType() {
    return contentType;
  }

  public ExpositionWriter writer() {
    return writer;
  }

  /**
   * OpenMetrics when the Accept header lists {@code application/openmetrics-text} (version 1.0.0
   * or unversioned) with a quality at least that of any other acceptable type; text 0.0.4 otherwise,
   * including for a missing or malformed header.
   */
  public static ExpositionFormat negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return TEXT_0_0_4;
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
    return openMetricsQ > 0 && openMetricsQ >= otherQ ? OPENMETRICS_1_0_0 : TEXT_0_0_4;
  }
}
