package io.bongsu.exposition.parse;

import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.MetricType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.Labels;
import io.bongsu.exposition.parse.ExpositionParser.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {
  private static ExpositionParser text(String s) {
    return new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, s.getBytes(StandardCharsets.UTF_8));
  }

  private static ExpositionParser om(String s) {
    return new ExpositionParser(ExpositionFormat.OPENMETRICS, s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> samples(ExpositionParser p) {
    List<String> out = new ArrayList<>();
    for (Entry e; (e = p.next()) != null; ) {
      if (e == Entry.SERIES) {
        out.add(p.labels() + " " + p.value() + (p.hasTimestamp() ? " @" + p.timestampMillis() : ""));
      }
    }
    return out;
  }

  @Test
  void textFormatReadsMetadataSamplesAndTimestamps() {
    ExpositionParser p = text(
        "# HELP http_requests_total The total \\\\ number\\n of requests.\n"
            + "# TYPE http_requests_total counter\n"
            + "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
            + "http_requests_total{method=\"post\",code=\"400\",}    3   1395066363000\n"
            + "\n"
            + "  # a free comment\n   \n"
            + "metric_without_timestamp_and_labels 12.47\n"
            + "escaped{path=\"C:\\\\dir\\\\\",q=\"say \\\"hi\\\"\\n\"} -Inf\n"
            + "nan_metric NaN\n");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.metricName()).isEqualTo("http_requests_total");
    assertThat(p.text()).isEqualTo("The total \\ number\n of requests.");
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.type()).isEqualTo(MetricType.COUNTER);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.labels()).isEqualTo(
        Labels.of("__name__", "http_requests_total", "method", "post", "code", "200"));
    assertThat(p.value()).isEqualTo(1027.0);
    assertThat(p.hasTimestamp()).isTrue();
    assertThat(p.timestampMillis()).isEqualTo(1395066363000L);
    assertThat(new String(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart(),
        StandardCharsets.UTF_8)).isEqualTo("http_requests_total{method=\"post\",code=\"200\"}");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.labelValue(1)).isEqualTo("400");
    assertThat(p.timestampMillis()).isEqualTo(1395066363000L);
    assertThat(p.next()).isEqualTo(Entry.COMMENT);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.hasTimestamp()).isFalse();
    assertThat(p.value()).isEqualTo(12.47);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.labels().get("path")).isEqualTo("C:\\dir\\");
    assertThat(p.labels().get("q")).isEqualTo("say \"hi\"\n");
    assertThat(p.value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.value()).isNaN();
    assertThat(p.next()).isNull();
  }

  @Test
  void untypedTextTypeReadsAsUnknown() {
    ExpositionParser p = text("# TYPE x untyped\nx 1");
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.type()).isEqualTo(MetricType.UNKNOWN);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.next()).isNull();
  }

  @Test
  void goFloatSyntaxIsAccepted() {
    assertThat(samples(text("a 1e3\nb +Inf\nc -inf\nd Infinity\ne .5\nf 1.\ng -0.25e-2\nh 1E+2\n")))
        .containsExactly("{__name__=\"a\"} 1000.0", "{__name__=\"b\"} Infinity",
            "{__name__=\"c\"} -Infinity", "{__name__=\"d\"} Infinity", "{__name__=\"e\"} 0.5",
            "{__name__=\"f\"} 1.0", "{__name__=\"g\"} -0.0025", "{__name__=\"h\"} 100.0");
  }

  @Test
  void valuesNeedingFullPrecisionParseExactly() {
    String[] values = {"0.1", "123456789012345678901234567890", "2.2250738585072014E-308",
        "4.9e-324", "1.7976931348623157e308", "0.30000000000000004", "9007199254740993"};
    for (String v : values) {
      ExpositionParser p = text("x " + v + "\n");
      p.next();
      assertThat(p.value()).as(v).isEqualTo(Double.parseDouble(v));
    }
  }

  @Test
  void javaOnlyFloatSyntaxIsRejected() {
    for (String v : new String[] {"1d", "1f", "0x1p3", "1_000", "+NaN", "1e400", "Inf1", "."}) {
      assertThatThrownBy(() -> samples(text("x " + v + "\n")))
          .as(v).isInstanceOf(ExpositionParseException.class).hasMessageContaining("value");
    }
  }

  @Test
  void openMetricsReadsUnitsExemplarsAndSecondTimestamps() {
    ExpositionParser p = om(
        "# TYPE acme_http_router_request_seconds summary\n"
            + "# UNIT acme_http_router_request_seconds seconds\n"
            + "# HELP acme_http_router_request_seconds Latency \\\"quoted\\\".\n"
            + "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32 1520879607.789\n"
            + "# TYPE foo histogram\n"
            + "foo_bucket{le=\"0.01\"} 0 # {trace_id=\"KOO5S4vxi0o\"} 0.67 1520879607.7\n"
            + "foo_bucket{le=\"+Inf\"} 17 # {} 9\n"
            + "# EOF\n");
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.type()).isEqualTo(MetricType.SUMMARY);
    assertThat(p.next()).isEqualTo(Entry.UNIT);
    assertThat(p.text()).isEqualTo("seconds");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.text()).isEqualTo("Latency \"quoted\".");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.metricName()).isEqualTo("acme_http_router_request_seconds_sum");
    assertThat(p.timestampMillis()).isEqualTo(1520879607789L);
    assertThat(p.hasExemplar()).isFalse();
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.hasExemplar()).isTrue();
    assertThat(p.hasTimestamp()).isFalse();
    assertThat(p.exemplarLabels()).isEqualTo(Labels.of("trace_id", "KOO5S4vxi0o"));
    assertThat(p.exemplarValue()).isEqualTo(0.67);
    assertThat(p.exemplarTimestampMillis()).isEqualTo(1520879607700L);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.labels().get("le")).isEqualTo("+Inf");
    assertThat(p.exemplarLabels()).isEqualTo(Labels.EMPTY);
    assertThat(p.exemplarHasTimestamp()).isFalse();
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(p.next()).isNull();
  }

  @Test
  void openMetricsWithoutEofIsAnError() {
    assertThatThrownBy(() -> samples(om("a 1\n")))
        .isInstanceOf(ExpositionParseException.class)
        .hasMessage("line 2: expected \"# EOF\" at the end of OpenMetrics input");
  }

  @Test
  void openMetricsContentAfterEofIsAnError() {
    assertThatThrownBy(() -> samples(om("# EOF\na 1\n")))
        .isInstanceOf(ExpositionParseException.class)
        .hasMessageContaining("after \"# EOF\"");
  }

  @Test
  void errorsNameTheLineAndWhatWasExpected() {
    assertThatThrownBy(() -> samples(text("ok 1\nbad{a=\"1\" 2\n")))
        .isInstanceOf(ExpositionParseException.class)
        .hasMessage("line 2: expected ',' or '}' after label value, got \"2\"")
        .extracting(e -> ((ExpositionParseException) e).line()).isEqualTo(2);
    assertThatThrownBy(() -> samples(text("x\n")))
        .hasMessage("line 1: expected value, got end of line");
    assertThatThrownBy(() -> samples(text("x 1 12a\n")))
        .hasMessage("line 1: invalid timestamp \"12a\"");
    assertThatThrownBy(() -> samples(text("x{a=\"1\",a=\"2\"} 1\n")))
        .hasMessageContaining("duplicate label name \"a\"");
    assertThatThrownBy(() -> samples(text("# TYPE x bogus\n")))
        .hasMessage("line 1: invalid metric type \"bogus\"");
    assertThatThrownBy(() -> samples(om("x  1\n# EOF\n")))
        .hasMessageContaining("exactly one space");
  }

  @Test
  void invalidUtf8InLabelValueIsAnError() {
    byte[] body = {'x', '{', 'a', '=', '"', (byte) 0xc3, '"', '}', ' ', '1', '\n'};
    assertThatThrownBy(() -> samples(new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, body)))
        .isInstanceOf(ExpositionParseException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void readsUtf8LabelValues() {
    assertThat(samples(text("x{a=\"héllo ☃\"} 1\n"))).containsExactly("{__name__=\"x\", a=\"héllo ☃\"} 1.0");
  }

  @Test
  void readsHeapAndDirectByteBuffersFromTheirPosition() {
    byte[] bytes = "junk x 5\n".getBytes(StandardCharsets.UTF_8);
    ByteBuffer heap = ByteBuffer.wrap(bytes);
    heap.position(5);
    assertThat(samples(ExpositionParser.of(ExpositionFormat.PROMETHEUS_TEXT, heap)))
        .containsExactly("{__name__=\"x\"} 5.0");
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().position(5);
    assertThat(samples(ExpositionParser.of(ExpositionFormat.PROMETHEUS_TEXT, direct)))
        .containsExactly("{__name__=\"x\"} 5.0");
  }

  @Test
  void contentTypeSelectsTheFormatLikePrometheus() {
    assertThat(ExpositionFormat.fromContentType("application/openmetrics-text; version=1.0.0; charset=utf-8"))
        .isEqualTo(ExpositionFormat.OPENMETRICS);
    assertThat(ExpositionFormat.fromContentType("text/plain; version=0.0.4"))
        .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.fromContentType(null)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.fromContentType("application/json")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
  }

  @Test
  void textFormatQuirksMatchPrometheus() {
    assertThat(samples(text("m{a=\"1\"}2\nn{}\t3 \t\n#HELP not metadata\no{a=\"x\\ty\"} 4"))).containsExactly(
        "{__name__=\"m\", a=\"1\"} 2.0", "{__name__=\"n\"} 3.0", "{__name__=\"o\", a=\"x\\\\ty\"} 4.0");
    assertThatThrownBy(() -> samples(text("   m 1\n")))
        .hasMessage("line 1: expected a metric name at the start of the line, got whitespace");
    assertThatThrownBy(() -> samples(text("m 1\r\n"))).hasMessageContaining("invalid value");
    assertThatThrownBy(() -> samples(text("m 1 1.5\n"))).hasMessageContaining("invalid timestamp");
    assertThatThrownBy(() -> samples(text("# TYPE m gauge extra\n"))).hasMessageContaining("invalid metric type");
    assertThatThrownBy(() -> samples(text("# TYPE m unknown\n"))).hasMessageContaining("invalid metric type");
  }

  @Test
  void openMetricsIsStricter() {
    assertThatThrownBy(() -> samples(om("m{a=\"1\",} 1\n# EOF\n"))).hasMessageContaining("expected a label name after ','");
    assertThatThrownBy(() -> samples(om("# foo\n# EOF\n"))).hasMessageContaining("expected HELP, TYPE, UNIT or EOF");
    assertThatThrownBy(() -> samples(om("m 1\n\n# EOF\n"))).hasMessageContaining("empty lines");
    assertThatThrownBy(() -> samples(om("# TYPE m untyped\n# EOF\n"))).hasMessageContaining("invalid metric type");
    assertThat(samples(om("m_total 1\n# EOF"))).containsExactly("{__name__=\"m_total\"} 1.0");
  }
}
