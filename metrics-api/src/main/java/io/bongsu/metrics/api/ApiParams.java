package io.bongsu.metrics.api;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Time and duration parameters parsed the way the Prometheus API parses them. */
final class ApiParams {
  /** Prometheus's minimum and maximum API times, in Unix ms, used when start/end are absent. */
  static final long MIN_TIME = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
  static final long MAX_TIME = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;
  private static final String MIN_TIME_TEXT = "-292273086-05-16T16:47:06Z";
  private static final String MAX_TIME_TEXT = "292277025-08-18T07:12:54.999999999Z";

  private static final Pattern DURATION = Pattern.compile(
      "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
  private static final long[] DURATION_UNIT_MS = {
    365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1
  };

  private ApiParams() {}

  /**
   * Unix seconds with an optional fraction (rounded to ms) or RFC 3339 with an optional fraction.
   *
   * @return Unix milliseconds
   */
  static long parseTime(String s) throws ApiError.Detail {
    Double seconds = goParseFloat(s);
    if (seconds != null) {
      if (!Double.isFinite(seconds) || Math.abs(seconds) > 9.2e15) {
        throw new ApiError.Detail("cannot parse \"" + s + "\" to a valid timestamp");
      }
      double whole = seconds < 0 ? Math.ceil(seconds) : Math.floor(seconds);
      return (long) whole * 1000 + Math.round((seconds - whole) * 1000);
    }
    if (s.equals(MIN_TIME_TEXT)) {
      return MIN_TIME;
    }
    if (s.equals(MAX_TIME_TEXT)) {
      return MAX_TIME;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      if (s.length() < 20 || s.charAt(10) != 'T') {
        throw new DateTimeException("not RFC 3339");
      }
      return t.toEpochSecond() * 1000 + t.getNano() / 1_000_000;
    } catch (DateTimeException e) {
      throw new ApiError.Detail("cannot parse \"" + s + "\" to a valid timestamp");
    }
  }

  /** Float seconds or a Prometheus duration such as {@code 1h30m}; returns nanoseconds. */
  static long parseDurationNanos(String s) throws ApiError.Detail {
    Double seconds = goParseFloat(s);
    if (seconds != null) {
      double ns = seconds * 1e9;
      if (Double.isNaN(ns) || ns > 9.223372036854775807e18 || ns < -9.223372036854775808e18) {
        throw new ApiError.Detail(
            "cannot parse \"" + s + "\" to a valid duration. It overflows int64");
      }
      return (long) ns;
    }
    Matcher m = DURATION.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new ApiError.Detail("cannot parse \"" + s + "\" to a valid duration");
    }
    long ms = 0;
    try {
      for (int i = 0; i < DURATION_UNIT_MS.length; i++) {
        String part = m.group(i + 1);
        if (part != null) {
          ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(part), DURATION_UNIT_MS[i]));
        }
      }
      return Math.multiplyExact(ms, 1_000_000L);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new ApiError.Detail("cannot parse \"" + s + "\" to a valid duration");
    }
  }

  /**
   * Go's strconv.ParseFloat acceptance: decimal or hex floats, "inf"/"infinity"/"nan" in any
   * case with optional sign; no surrounding spaces and no Java type suffixes. Null when not a
   * float.
   */
  static Double goParseFloat(String s) {
    if (s.isEmpty()) {
      return null;
    }
    String body = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
    String lower = body.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return body.length() == s.length() ? Double.NaN : null;
    }
    if (body.isEmpty()) {
      return null;
    }
    boolean hex = lower.startsWith("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '_'
          || (hex ? (c >= 'a' && c <= 'f') || c == 'x' || c == 'p' || c == '+' || c == '-'
              : c == 'e' || c == '+' || c == '-');
      if (!ok) {
        return null;
      }
    }
    if (lower.indexOf('_') >= 0) {
      if (!hex) {
        return null;
      }
      lower = lower.replace("_", "");
    }
    try {
      return Double.parseDouble(s.charAt(0) == '-' ? "-" + lower : lower);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
