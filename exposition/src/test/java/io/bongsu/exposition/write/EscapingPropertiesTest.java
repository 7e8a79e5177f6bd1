package io.bongsu.exposition.write;

import io.bongsu.exposition.MetricType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class EscapingPropertiesTest {
  /** Reverses the label value escaping of both formats. */
  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String labelValueOf(String line) {
    int start = line.indexOf("{v=\"") + 4;
    int end = line.lastIndexOf("\"}");
    return line.substring(start, end);
  }

  @Property
  void labelValuesRoundTripAndStayOnOneLine(@ForAll String value, @ForAll double sampleValue) {
    MetricFamily f = MetricFamily.builder("m", MetricType.GAUGE, value).add(sampleValue, "v", value).build();
    for (ExpositionWriter w : List.of(TextFormatWriter.INSTANCE, OpenMetricsWriter.INSTANCE)) {
      String out = w.write(List.of(f));
      // the formats end lines with \n only; a carriage return inside a value is plain content
      List<String> lines = List.of(out.split("\n"));
      String sampleLine = lines.stream().filter(l -> l.startsWith("m{")).findFirst().orElseThrow();
      assertThat(unescape(labelValueOf(sampleLine))).isEqualTo(value);
      int helpLines = 0;
      if (!value.isEmpty()) {
        String helpLine = lines.stream().filter(l -> l.startsWith("# HELP m ")).findFirst().orElseThrow();
        assertThat(unescape(helpLine.substring("# HELP m ".length()))).isEqualTo(value);
        helpLines = 1;
      }
      assertThat(lines).hasSize(helpLines + (w == TextFormatWriter.INSTANCE ? 2 : 3));
    }
  }
}
