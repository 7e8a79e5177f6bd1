package io.bongsu.exposition.write;

/** Validity checks for metric and label names as the exposition formats define them. */
public final class MetricNames {
  private MetricNames() {}

  /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*} */
  public static boolean isValidMetricName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-zA-Z_][a-zA-Z0-9_]*} */
  public static boolean isValidLabelName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
