package io.bongsu.metrics.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.LabelMatcher.Type;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SeriesSelectorParserTest {
  @Test
  void parsesMetricNameAndEveryOperator() throws Exception {
    assertThat(SeriesSelectorParser.parse(
        " http_requests_total { a=\"b\", c=~'d.*' ,e!=`x\\y`, f!~\"g\" , } "))
        .containsExactly(
            LabelMatcher.eq("__name__", "http_requests_total"),
            LabelMatcher.of(Type.EQ, "a", "b"),
            LabelMatcher.of(Type.RE, "c", "d.*"),
            LabelMatcher.of(Type.NEQ, "e", "x\\y"),
            LabelMatcher.of(Type.NRE, "f", "g"));
  }

  @Test
  void parsesBareMetricAndBracesOnly() throws Exception {
    assertThat(SeriesSelectorParser.parse("up"))
        .containsExactly(LabelMatcher.eq("__name__", "up"));
    assertThat(SeriesSelectorParser.parse("{__name__=~\"node_.*\"}"))
        .containsExactly(LabelMatcher.of(Type.RE, "__name__", "node_.*"));
    assertThat(SeriesSelectorParser.parse("job:rate5m:sum{}"))
        .containsExactly(LabelMatcher.eq("__name__", "job:rate5m:sum"));
  }

  @Test
  void decodesGoEscapesInQuotedStrings() throws Exception {
    List<LabelMatcher> m = SeriesSelectorParser.parse(
        "{a=\"q\\\"\\n\\t\\\\\\x41\\101\\u00e9\\U0001F600\", b='it\\'s'}");
    assertThat(m.get(0).value()).isEqualTo("q\"\n\t\\AAé😀");
    assertThat(m.get(1).value()).isEqualTo("it's");
  }

  @Test
  void acceptsSelectorsWhoseMatchersAllMatchEmpty() throws Exception {
    assertThat(SeriesSelectorParser.parse("{}")).isEmpty();
    assertThat(SeriesSelectorParser.parse("{a=~\".*\"}"))
        .containsExactly(LabelMatcher.of(Type.RE, "a", ".*"));
  }

  /** The messages Prometheus 2.42 gives for the same selectors (checked against it). */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "''|1:1: parse error: unexpected end of input",
    "up{job=}|1:8: parse error: unexpected \"}\" in label matching, expected string",
    "up{a=\"b\"|1:9: parse error: unexpected end of input inside braces",
    "up{a~\"b\"}|1:5: parse error: unexpected character inside braces: '~'",
    "up{1a=\"b\"}|1:4: parse error: unexpected character inside braces: '1'",
    "up{a=b}|1:6: parse error: unexpected identifier \"b\" in label matching, expected string",
    "up{a=\"b\" c=\"d\"}|1:10: parse error: unexpected identifier \"c\" in label matching,"
        + " expected \",\" or \"}\"",
    "{=\"b\"}|1:2: parse error: unexpected \"=\" in label matching, expected identifier or"
        + " \"}\"",
    "up{a}|1:5: parse error: unexpected \"}\" in label matching, expected label matching"
        + " operator",
    "up{a=\"b\",,}|1:10: parse error: unexpected \",\" in label matching, expected identifier"
        + " or \"}\"",
    "up}|1:3: parse error: unexpected character: '}'",
    "up up|1:4: parse error: unexpected identifier \"up\"",
    "up{a=\"aaaaaaaaaaaaaaa\" \"x\"}|1:24: parse error: unexpected string \"\\\"x\\\"\" in"
        + " label matching, expected \",\" or \"}\"",
    "up{a==\"b\"}|1:6: parse error: unexpected \"=\" in label matching, expected string",
    "up{a=\"b}|1:6: parse error: unterminated quoted string",
    "up{a=\"\\q\"}|1:6: parse error: unknown escape sequence U+0071 'q'",
    "rate(up[5m])|1:5: parse error: unexpected \"(\"",
    "5|1:1: parse error: unexpected number \"5\"",
  })
  void rejectsBadSelectorsAsPrometheusDoes(String selector, String message) {
    assertThatThrownBy(() -> SeriesSelectorParser.parse(selector))
        .isInstanceOf(SelectorParseException.class)
        .hasMessage(message);
  }

  @Test
  void badRegexesAreReportedAtTheLabelName() {
    assertThatThrownBy(() -> SeriesSelectorParser.parse("up{a=~\"(\"}"))
        .isInstanceOf(SelectorParseException.class)
        .hasMessageStartingWith("1:4: parse error: error parsing regexp: ");
  }

  @Property(tries = 3000)
  void anyInputEitherParsesOrFailsWithAParseError(@ForAll String input) {
    try {
      assertThat(SeriesSelectorParser.parse(input)).isNotNull();
    } catch (SelectorParseException expected) {
      assertThat(expected.getMessage()).contains("parse error");
    }
  }

  @Property(tries = 1000)
  void matchersPrintedBackParseToTheSameMatchers(
      @ForAll("names") String name, @ForAll String value) throws Exception {
    LabelMatcher m = LabelMatcher.of(Type.NEQ, name, value);
    assertThat(SeriesSelectorParser.parse("x{" + m + "}"))
        .containsExactly(LabelMatcher.eq("__name__", "x"), m);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> names() {
    return net.jqwik.api.Arbitraries.strings().withCharRange('a', 'z').withChars('_')
        .ofMinLength(1).ofMaxLength(6).filter(n -> !n.equals("__name__"));
  }
}
