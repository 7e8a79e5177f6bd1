package io.bongsu.app;

import java.time.Duration;
import picocli.CommandLine;

/** Reads Prometheus-style durations on the command line: 15d, 2h30m, 500ms. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new CommandLine.TypeConversionException("empty duration");
    }
    long millis = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw new CommandLine.TypeConversionException("not a valid duration string: \"" + s + "\"");
      }
      long n = Long.parseLong(s.substring(start, i));
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      long unit = switch (s.substring(unitStart, i)) {
        case "ms" -> 1L;
        case "s" -> 1_000L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        case "d" -> 86_400_000L;
        case "w" -> 7 * 86_400_000L;
        case "y" -> 365 * 86_400_000L;
        default -> throw new CommandLine.TypeConversionException(
            "not a valid duration string: \"" + s + "\"");
      };
      millis = Math.addExact(millis, Math.multiplyExact(n, unit));
    }
    return Duration.ofMillis(millis);
  }
}
