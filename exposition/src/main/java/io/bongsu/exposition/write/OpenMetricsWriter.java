package io.bongsu.exposition.write;

import io.bongsu.common.text.GoFloat;
import io.bongsu.exposition.MetricType;

/**
 * OpenMetrics 1.0 text. Counter families drop a trailing {@code _total} from their name and their
 * value samples gain it; info families drop {@code _info} and their samples carry it. UNIT is
 * written only when the family name ends with the unit, as the specification requires. {@code le}
 * and {@code quantile} values are written as canonical floats ("1.0", "+Inf"). Timestamps are
 * seconds. The exposition ends with {@code # EOF}.
 */
public final class OpenMetricsWriter implements ExpositionWriter {
  public static final OpenMetricsWriter INSTANCE = new OpenMetricsWriter();

  @Override
  public void write(StringBuilder out, Iterable<MetricFamily> families) {
    for (MetricFamily f : families) {
      writeFamily(out, f);
    }
    out.append("# EOF\n");
  }

  /** The family name OpenMetrics shows for a family. */
  public static String familyName(MetricFamily f) {
    String name = f.name();
    if (f.type() == MetricType.COUNTER && name.endsWith("_total") && name.length() > 6) {
      return name.substring(0, name.length() - 6);
    }
    if (f.type() == MetricType.INFO && name.endsWith("_info") && name.length() > 5) {
      return name.substring(0, name.length() - 5);
    }
    return name;
  }

  private static void writeFamily(StringBuilder out, MetricFamily f) {
    String name = familyName(f);
    out.append("# TYPE ").append(name).append(' ').append(f.type().text()).append('\n');
    if (!f.unit().isEmpty() && name.endsWith("_" + f.unit())) {
      out.append("# UNIT ").append(name).append(' ').append(f.unit()).append('\n');
    }
    if (!f.help().isEmpty()) {
      out.append("# HELP ").append(name).append(' ');
      escape(out, f.help());
      out.append('\n');
    }
    for (Sample s : f.samples()) {
      out.append(name).append(sampleSuffix(f.type(), s.suffix()));
      writeLabels(out, s);
      out.append(' ');
      GoFloat.appendG(out, s.value());
      if (s.hasTimestamp()) {
        out.append(' ');
        appendSeconds(out, s.timestampMillis());
      }
      out.append('\n');
    }
  }

  private static String sampleSuffix(MetricType type, String suffix) {
    if (suffix.isEmpty()) {
      if (type == MetricType.COUNTER) {
        return "_total";
      }
      if (type == MetricType.INFO) {
        return "_info";
      }
    }
    return suffix;
  }

  private static void writeLabels(StringBuilder out, Sample s) {
    int n = s.labelCount();
    if (n == 0) {
      return;
    }
    out.append('{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      String ln = s.labelName(i);
      out.append(ln).append("=\"");
      String v = s.labelValue(i);
      if (ln.equals("le") || ln.equals("quantile")) {
        v = canonicalNumber(v);
      }
      escape(out, v);
      out.append('"');
    }
    out.append('}');
  }

  /** OpenMetrics wants le/quantile as floats: "1" becomes "1.0"; values that are no number stay as they are. */
  static String canonicalNumber(String v) {
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return v;
    }
    String s = GoFloat.formatG(d);
    if (Double.isFinite(d) && s.indexOf('.') < 0 && s.indexOf('e') < 0) {
      return s + ".0";
    }
    return s;
  }

  /** Help text and label values escape backslash, double quote and line feed. */
  static void escape(StringBuilder out, String text) {
    TextFormatWriter.escapeLabelValue(out, text);
  }

  private static void appendSeconds(StringBuilder out, long millis) {
    long sec = Math.floorDiv(millis, 1000);
    int ms = Math.floorMod(millis, 1000);
    out.append(sec);
    if (ms != 0) {
      String frac = Integer.toString(1000 + ms).substring(1);
      int end = 3;
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(frac, 0, end);
    }
  }
}
