package io.bongsu.exposition.parse;

import io.bongsu.exposition.ExpositionFormat;
import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.exposition.parse.ExpositionParser.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ExpositionParserPropertiesTest {
  record Sample(String name, Map<String, String> labels, double value, Long timestamp) {}

  @Provide
  Arbitrary<List<Sample>> series() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_', ':')
        .ofMinLength(1).ofMaxLength(12).filter(s -> s.charAt(0) != ':' || s.length() > 0);
    Arbitrary<String> labelNames = Arbitraries.strings().withCharRange('a', 'z').withChars('_')
        .ofMinLength(1).ofMaxLength(8).filter(s -> !s.startsWith("__"));
    Arbitrary<String> labelValues = Arbitraries.strings()
        .withChars("ab\\\"\n {},=#é☃").withCharRange('0', '9').ofMaxLength(10);
    Arbitrary<Double> values = Arbitraries.oneOf(
        Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE),
        Arbitraries.longs().map(l -> (double) l));
    Arbitrary<Long> timestamps = Arbitraries.longs().between(-1_000_000_000_000L, 4_000_000_000_000L)
        .injectNull(0.3);
    return Combinators.combine(names,
            Arbitraries.maps(labelNames, labelValues).ofMaxSize(4), values, timestamps)
        .as(Sample::new).list().ofMaxSize(20);
  }

  private static String render(List<Sample> samples, boolean om) {
    StringBuilder sb = new StringBuilder();
    for (Sample s : samples) {
      sb.append(s.name);
      if (!s.labels.isEmpty()) {
        sb.append('{');
        boolean first = true;
        for (var e : s.labels.entrySet()) {
          sb.append(first ? "" : ",").append(e.getKey()).append("=\"")
              .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
              .append('"');
          first = false;
        }
        sb.append('}');
      }
      sb.append(' ').append(formatValue(s.value));
      if (s.timestamp != null) {
        sb.append(' ');
        if (om) {
          sb.append(new java.math.BigDecimal(s.timestamp).movePointLeft(3).toPlainString());
        } else {
          sb.append(s.timestamp);
        }
      }
      sb.append('\n');
    }
    if (om) {
      sb.append("# EOF\n");
    }
    return sb.toString();
  }

  private static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  private static void roundTrip(List<Sample> samples, ExpositionFormat format) {
    byte[] body = render(samples, format == ExpositionFormat.OPENMETRICS).getBytes(StandardCharsets.UTF_8);
    ExpositionParser p = new ExpositionParser(format, body);
    List<Sample> parsed = new ArrayList<>();
    for (Entry e; (e = p.next()) != null; ) {
      if (e == Entry.SERIES) {
        Labels l = p.labels();
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        l.forEach((n, v) -> {
          if (!n.equals(Labels.METRIC_NAME)) {
            labels.put(n, v);
          }
        });
        parsed.add(new Sample(l.metricName(), labels, p.value(), p.hasTimestamp() ? p.timestampMillis() : null));
      }
    }
    assertThat(parsed).hasSameSizeAs(samples);
    for (int i = 0; i < samples.size(); i++) {
      Sample want = samples.get(i);
      Sample got = parsed.get(i);
      assertThat(got.name).isEqualTo(want.name);
      assertThat(Labels.of(got.labels)).isEqualTo(Labels.of(want.labels));
      if (Double.isNaN(want.value)) {
        assertThat(Double.doubleToRawLongBits(got.value))
            .isEqualTo(Double.doubleToRawLongBits(ExpositionParser.NORMAL_NAN));
      } else {
        assertThat(got.value).isEqualTo(want.value);
      }
      Long wantTs = want.timestamp;
      if (wantTs != null && format == ExpositionFormat.OPENMETRICS) {
        wantTs = (long) (Double.parseDouble(
            new java.math.BigDecimal(wantTs).movePointLeft(3).toPlainString()) * 1000);
      }
      assertThat(got.timestamp).isEqualTo(wantTs);
    }
  }

  @Property
  void textFormatRoundTrips(@ForAll("series") List<Sample> samples) {
    roundTrip(samples, ExpositionFormat.PROMETHEUS_TEXT);
  }

  @Property
  void openMetricsRoundTrips(@ForAll("series") List<Sample> samples) {
    roundTrip(samples, ExpositionFormat.OPENMETRICS);
  }

  private static void parseAll(byte[] body, ExpositionFormat format) {
    try {
      ExpositionParser p = new ExpositionParser(format, body);
      for (Entry e; (e = p.next()) != null; ) {
        if (e == Entry.SERIES) {
          p.labels();
          if (p.hasExemplar()) {
            p.exemplarLabels();
          }
        } else if (e == Entry.HELP || e == Entry.UNIT) {
          p.text();
        }
      }
    } catch (ExpositionParseException expected) {
      assertThat(expected.line()).isPositive();
    }
  }

  @Property(tries = 2000)
  void randomBytesOnlyEverFailWithParseErrors(@ForAll byte[] body) {
    parseAll(body, ExpositionFormat.PROMETHEUS_TEXT);
    parseAll(body, ExpositionFormat.OPENMETRICS);
  }

  private static final String VALID_OM =
      "# TYPE foo histogram\n# HELP foo A \\\"help\\\"\n# UNIT foo seconds\n"
          + "foo_bucket{le=\"0.5\",path=\"/a\\\\b\"} 3 1520879607.789 # {trace_id=\"x\"} 0.4 1520879607.7\n"
          + "foo_count 7\nbar -Inf\n# EOF\n";

  @Property(tries = 3000)
  void mutatedValidInputOnlyEverFailsWithParseErrors(
      @ForAll("mutations") List<int[]> mutations) {
    byte[] body = VALID_OM.getBytes(StandardCharsets.UTF_8);
    for (int[] m : mutations) {
      body[m[0] % body.length] = (byte) m[1];
    }
    parseAll(body, ExpositionFormat.PROMETHEUS_TEXT);
    parseAll(body, ExpositionFormat.OPENMETRICS);
    int cut = mutations.isEmpty() ? body.length : mutations.get(0)[0] % body.length;
    parseAll(java.util.Arrays.copyOf(body, cut), ExpositionFormat.OPENMETRICS);
  }

  @Provide
  Arbitrary<List<int[]>> mutations() {
    Arbitrary<Integer> bytes = Arbitraries.oneOf(
        Arbitraries.of((int) '"', (int) '\\', (int) '\n', (int) ' ', (int) '{', (int) '}', (int) '#',
            (int) ',', (int) '=', (int) 'e', (int) '.', (int) '-', 0xc3, 0xff),
        Arbitraries.integers().between(0, 255));
    return Combinators.combine(Arbitraries.integers().between(0, 10_000), bytes)
        .as((p, b) -> new int[] {p, b}).list().ofMinSize(1).ofMaxSize(4);
  }
}
