package io.bongsu.metrics.scrape.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration syntax: units y, w, d, h, m, s, ms, largest first, e.g. {@code 1h30m}. */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile(
      "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1
  };
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

  private Durations() {}

  /** Parses a duration; throws IllegalArgumentException with the reason when invalid. */
  public static Duration parse(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SYNTAX.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
    }
    long total = 0;
    for (int i = 0; i < UNITS.length; i++) {
      String g = m.group(i + 1);
      if (g == null) {
        continue;
      }
      try {
        total = Math.addExact(total, Math.multiplyExact(Long.parseLong(g), UNIT_MILLIS[i]));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
      }
    }
    return Duration.ofMillis(total);
  }

  /** Formats as Prometheus does: years and weeks only when exact, then d, h, m, s, ms. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < UNITS.length; i++) {
      long mult = UNIT_MILLIS[i];
      if (i < 2 && ms % mult != 0) {
        continue;
      }
      long v = ms / mult;
      if (v > 0) {
        sb.append(v).append(UNITS[i]);
        ms -= v * mult;
      }
    }
    return sb.toString();
  }

  /** Seconds as a Go float would print them: {@code 10}, {@code 0.5}. */
  public static String seconds(Duration d) {
    return new java.math.BigDecimal(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
  }
}
