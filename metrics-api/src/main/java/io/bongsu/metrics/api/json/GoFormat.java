package io.bongsu.metrics.api.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Timestamp and time text exactly as the Prometheus API writes them (Go's time formatting), so
 * responses are byte-for-byte what clients of Prometheus see; floats are
 * {@link io.bongsu.common.text.GoFloat}'s.
 */
public final class GoFormat {
  private GoFormat() {}

  /**
   * A Unix millisecond timestamp as Prometheus writes it: seconds, then a three-digit fraction
   * when it is not zero ({@code 1435781451.781}, {@code 1435781451.500}, {@code 1435781451}).
   */
  public static void appendTimestamp(StringBuilder sb, long millis) {
    long t = millis;
    if (t < 0) {
      sb.append('-');
      t = -t;
    }
    sb.append(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      sb.append('.');
      if (fraction < 100) {
        sb.append('0');
      }
      if (fraction < 10) {
        sb.append('0');
      }
      sb.append(fraction);
    }
  }

  public static String timestamp(long millis) {
    StringBuilder sb = new StringBuilder(20);
    appendTimestamp(sb, millis);
    return sb.toString();
  }

  /**
   * Go's {@code time.Time} JSON text in UTC (RFC 3339 with nanoseconds, trailing zeros trimmed);
   * null is Go's zero time.
   */
  public static String rfc3339(Instant t) {
    if (t == null) {
      return "0001-01-01T00:00:00Z";
    }
    LocalDateTime dt = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(32);
    int year = dt.getYear();
    pad(sb, year, 4);
    sb.append('-');
    pad(sb, dt.getMonthValue(), 2);
    sb.append('-');
    pad(sb, dt.getDayOfMonth(), 2);
    sb.append('T');
    pad(sb, dt.getHour(), 2);
    sb.append(':');
    pad(sb, dt.getMinute(), 2);
    sb.append(':');
    pad(sb, dt.getSecond(), 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }

  private static void pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(s);
  }
}
