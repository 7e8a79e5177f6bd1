package io.bongsu.metrics.api.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Number and time text exactly as the Prometheus API writes them (Go's strconv and time
 * formatting), so responses are byte-for-byte what clients of Prometheus see.
 */
public final class GoFormat {
  private static final double INT_FAST_PATH_LIMIT = 1e15;

  private GoFormat() {}

  /**
   * A vector or matrix sample value as Prometheus writes it inside quotes: {@code strconv.FormatFloat} with the
   * shortest round-tripping digits, fixed notation, or exponent notation below 1e-6 and from 1e21
   * on; "NaN", "+Inf", "-Inf".
   */
  public static String sampleValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    StringBuilder sb = new StringBuilder(24);
    appendFloat(sb, v, false);
    return sb.toString();
  }

  /**
   * {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent, as
   * Prometheus 2.x writes scalar results ("1000000000000000000000", "0.0000001").
   */
  public static String fixedValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
    }
    if (Math.abs(v) < INT_FAST_PATH_LIMIT && v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    return shortest(v).toPlainString();
  }

  /**
   * A float as Go's encoding/json writes a float64 field (as in {@code lastScrapeDuration}): like
   * {@link #sampleValue} but exponents lose their leading zero ("1e-7" not "1e-07").
   */
  public static String jsonNumber(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("JSON has no " + v);
    }
    StringBuilder sb = new StringBuilder(24);
    appendFloat(sb, v, true);
    return sb.toString();
  }

  private static void appendFloat(StringBuilder sb, double v, boolean trimExponent) {
    if (v == 0) {
      sb.append(Double.doubleToRawLongBits(v) < 0 ? "-0" : "0");
      return;
    }
    double abs = Math.abs(v);
    boolean exponent = abs < 1e-6 || abs >= 1e21;
    if (!exponent && abs < INT_FAST_PATH_LIMIT && v == Math.rint(v)) {
      sb.append((long) v);
      return;
    }
    BigDecimal d = shortest(v);
    if (!exponent) {
      sb.append(d.toPlainString());
      return;
    }
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - d.scale();
    if (v < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int absExp = Math.abs(exp);
    if (absExp < 10 && !trimExponent) {
      sb.append('0');
    }
    sb.append(absExp);
  }

  /** The shortest decimal that parses back to v; among equals, the closest, as Go picks. */
  static BigDecimal shortest(double v) {
    BigDecimal candidate = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    BigDecimal exact = new BigDecimal(v);
    for (int p = candidate.precision() - 1; p >= 1; p--) {
      BigDecimal shorter = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (shorter.doubleValue() != v) {
        break;
      }
      candidate = shorter.stripTrailingZeros();
    }
    return candidate;
  }

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
