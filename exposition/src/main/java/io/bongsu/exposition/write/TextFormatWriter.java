package io.bongsu.exposition.write;

import io.bongsu.common.text.GoFloat;

/**
 * Prometheus text exposition format 0.0.4. Family names are written as given; {@code _created}
 * samples do not exist in this format and are left out; timestamps are integer milliseconds.
 */
public final class TextFormatWriter implements ExpositionWriter {
  public static final TextFormatWriter INSTANCE = new TextFormatWriter();

  @Override
  public void write(StringBuilder out, Iterable<MetricFamily> families) {
    for (MetricFamily f : families) {
      writeFamily(out, f);
    }
  }

  private static void writeFamily(StringBuilder out, MetricFamily f) {
    String name = f.name();
    if (!f.help().isEmpty()) {
      out.append("# HELP ").append(name).append(' ');
      escapeHelp(out, f.help());
      out.append('\n');
    }
    out.append("# TYPE ").append(name).append(' ').append(f.type().textFormatName()).append('\n');
    for (Sample s : f.samples()) {
      if (s.suffix().equals("_created")) {
        continue;
      }
      out.append(name).append(s.suffix());
      writeLabels(out, s);
      out.append(' ');
      GoFloat.appendG(out, s.value());
      if (s.hasTimestamp()) {
        out.append(' ').append(s.timestampMillis());
      }
      out.append('\n');
    }
  }

  static void writeLabels(StringBuilder out, Sample s) {
    int n = s.labelCount();
    if (n == 0) {
      return;
    }
    out.append('{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(s.labelName(i)).append("=\"");
      escapeLabelValue(out, s.labelValue(i));
      out.append('"');
    }
    out.append('}');
  }

  /** HELP in 0.0.4 escapes only backslash and line feed. */
  static void escapeHelp(StringBuilder out, String help) {
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  static void escapeLabelValue(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '"' -> out.append("\\\"");
        default -> out.append(c);
      }
    }
  }
}
