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

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "''|1:1: parse error: unexpected end of input",
    "{}|1:1: parse error: vector selector must contain at least one non-empty matcher",
    "{a=\"\"}|1:1: parse error: vector selector must contain at least one non-empty matcher",
    "{a=~\".*\"}|1:1: parse error: vector selector must contain at least one non-empty matcher",
    "up{a=\"b\"|1:9: parse error: unexpected end of input inside braces",
    "up{a=\"b}|1:6: parse error: unterminated quoted string",
    "up{a~\"b\"}|1:5: parse error: unexpected character inside braces: '~', want a label matcher",
    "up{1a=\"b\"}|1:4: parse error: unexpected character inside braces: '1'",
    "up{a=b}|1:6: parse error: unexpected character: 'b', want a quoted string",
    "up{a=\"b\" c=\"d\"}|1:10: parse error: unexpected character inside braces: 'c'",
    "up{__name__=\"x\"}|1:4: parse error: metric name must not be set twice: \"up\" or \"x\"",
    "up{a=~\"(\"}|1:4: parse error: error parsing regexp: Unclosed group: `(`",
    "up{a=\"\\q\"}|1:7: parse error: unknown escape sequence '\\q'",
    "rate(up[5m])|1:5: parse error: unexpected character after selector: '('",
    "5|1:1: parse error: unexpected character: '5'",
  })
  void rejectsBadSelectorsWithPositions(String selector, String message) {
    assertThatThrownBy(() -> SeriesSelectorParser.parse(selector))
        .isInstanceOf(SelectorParseException.class)
        .hasMessage(message);
  }

  @Property(tries = 3000)
  void anyInputEitherParsesOrFailsWithAParseError(@ForAll String input) {
    try {
      assertThat(SeriesSelectorParser.parse(input)).isNotEmpty();
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
