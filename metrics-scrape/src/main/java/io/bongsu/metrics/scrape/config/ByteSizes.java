package io.bongsu.metrics.scrape.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Base-2 byte sizes as Prometheus's {@code body_size_limit} reads them: {@code 10MB}, {@code 1GiB}. */
public final class ByteSizes {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)([A-Za-z]+)");
  private static final Map<String, Long> UNITS = Map.ofEntries(
      Map.entry("B", 1L),
      Map.entry("KB", 1L << 10), Map.entry("KiB", 1L << 10),
      Map.entry("MB", 1L << 20), Map.entry("MiB", 1L << 20),
      Map.entry("GB", 1L << 30), Map.entry("GiB", 1L << 30),
      Map.entry("TB", 1L << 40), Map.entry("TiB", 1L << 40),
      Map.entry("PB", 1L << 50), Map.entry("PiB", 1L << 50),
      Map.entry("EB", 1L << 60), Map.entry("EiB", 1L << 60));

  private ByteSizes() {}

  /** Parses a size; "0" means no limit. Throws IllegalArgumentException when invalid. */
  public static long parse(String s) {
    if (s.equals("0")) {
      return 0;
    }
    Matcher m = PART.matcher(s);
    long total = 0;
    int at = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      Long unit = UNITS.get(m.group(2));
      if (unit == null) {
        throw new IllegalArgumentException("unknown unit \"" + m.group(2) + "\" in size \"" + s + "\"");
      }
      total += (long) (Double.parseDouble(m.group(1)) * unit);
      at = m.end();
    }
    if (at != s.length() || s.isEmpty()) {
      throw new IllegalArgumentException("not a valid size: \"" + s + "\"");
    }
    return total;
  }
}
