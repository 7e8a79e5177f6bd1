package io.bongsu.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.ast.AggregationOp;
import io.bongsu.promql.ast.AtModifier;
import io.bongsu.promql.ast.BinaryOp;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.Formatter;
import io.bongsu.promql.ast.VectorMatching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromqlParserTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1|1",
      "1e3|1000",
      ".5|0.5",
      "5.|5",
      "0x1F|31",
      "0755|493",
      "Inf|+Inf",
      "-inf|-Inf",
      "nAn|NaN",
      "1.5e-7|1.5e-07",
      "1e10|1e+10",
      "951782400|9.517824e+08",
  })
  void numberLiteralsFollowGoSyntax(String in, String canonical) {
    Expr e = PromqlParser.parse(in);
    assertThat(e).isInstanceOf(Expr.NumberLiteral.class);
    assertThat(e.toString()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'\"a\\tb\"'|a\tb",
      "'''it\\''s'''|it's",
      "'`raw\\n`'|raw\\n",
      "'\"\\u00e9\\x41\\101\"'|éAA",
      "'\"\\U0001F600\"'|\uD83D\uDE00",
  })
  void stringLiteralsDecodeGoEscapes(String in, String value) {
    Expr e = PromqlParser.parse(in);
    assertThat(((Expr.StringLiteral) e).value()).isEqualTo(value);
  }

  @Test
  void selectorCarriesNameAndMatchers() {
    Expr.VectorSelector v = (Expr.VectorSelector) PromqlParser.parse(
        "http_requests_total{job=\"api\", code!=\"200\", path=~\"/a.*\", method!~\"GET|HEAD\"}");
    assertThat(v.name()).isEqualTo("http_requests_total");
    assertThat(v.matchers()).extracting(LabelMatcher::type).containsExactly(
        LabelMatcher.Type.EQ, LabelMatcher.Type.EQ, LabelMatcher.Type.NEQ, LabelMatcher.Type.RE,
        LabelMatcher.Type.NRE);
    assertThat(v.toString()).isEqualTo(
        "http_requests_total{code!=\"200\",job=\"api\",method!~\"GET|HEAD\",path=~\"/a.*\"}");
  }

  @Test
  void metricNamesMayContainColonsAndKeywordsMayBeLabels() {
    Expr.VectorSelector v = (Expr.VectorSelector) PromqlParser.parse(
        "job:rate5m{on=\"x\", by=\"y\"}");
    assertThat(v.name()).isEqualTo("job:rate5m");
    assertThat(v.matchers()).hasSize(3);
  }

  @Test
  void modifiersAttachToSelectorsInEitherOrder() {
    Expr.VectorSelector v = (Expr.VectorSelector) PromqlParser.parse("foo @ 100.5 offset -5m");
    assertThat(v.offsetMillis()).isEqualTo(-300_000);
    assertThat(v.at()).isEqualTo(new AtModifier(AtModifier.Kind.TIMESTAMP, 100_500));
    Expr.MatrixSelector m = (Expr.MatrixSelector) PromqlParser.parse("foo[1h30m] offset 1d @ end()");
    assertThat(m.rangeMillis()).isEqualTo(5_400_000);
    assertThat(m.selector().offsetMillis()).isEqualTo(86_400_000);
    assertThat(m.selector().at()).isEqualTo(AtModifier.END);
    assertThat(m.toString()).isEqualTo("foo[1h30m] @ end() offset 1d");
  }

  @Test
  void subqueryWithAndWithoutStep() {
    Expr.Subquery s = (Expr.Subquery) PromqlParser.parse("rate(foo[5m])[1h:] offset 10m");
    assertThat(s.stepMillis()).isZero();
    assertThat(s.rangeMillis()).isEqualTo(3_600_000);
    assertThat(s.toString()).isEqualTo("rate(foo[5m])[1h:] offset 10m");
    assertThat(PromqlParser.parse("foo[5m:30s]").toString()).isEqualTo("foo[5m:30s]");
  }

  @Test
  void precedenceAndAssociativity() {
    Expr.Binary b = (Expr.Binary) PromqlParser.parse("a + b * c ^ d ^ e or f and g == h");
    assertThat(b.op()).isEqualTo(BinaryOp.OR);
    Expr.Binary and = (Expr.Binary) b.rhs();
    assertThat(and.op()).isEqualTo(BinaryOp.AND);
    assertThat(((Expr.Binary) and.rhs()).op()).isEqualTo(BinaryOp.EQL);
    Expr.Binary plus = (Expr.Binary) b.lhs();
    Expr.Binary times = (Expr.Binary) plus.rhs();
    Expr.Binary pow = (Expr.Binary) times.rhs();
    assertThat(pow.op()).isEqualTo(BinaryOp.POW);
    assertThat(((Expr.Binary) pow.rhs()).op()).isEqualTo(BinaryOp.POW);
    Expr.Binary minus = (Expr.Binary) PromqlParser.parse("a - b - c");
    assertThat(minus.lhs()).isInstanceOf(Expr.Binary.class);
  }

  @Test
  void unaryMinusBindsLooserThanPower() {
    Expr.Unary u = (Expr.Unary) PromqlParser.parse("-a ^ b");
    assertThat(u.expr()).isInstanceOf(Expr.Binary.class);
    Expr.Binary b = (Expr.Binary) PromqlParser.parse("-a * b");
    assertThat(b.lhs()).isInstanceOf(Expr.Unary.class);
    assertThat(PromqlParser.parse("-1")).isEqualTo(new Expr.NumberLiteral(-1));
  }

  @Test
  void vectorMatchingModifiers() {
    Expr.Binary b = (Expr.Binary) PromqlParser.parse(
        "a / on(instance, job) group_left(version) b");
    assertThat(b.matching()).isEqualTo(new VectorMatching(
        VectorMatching.Cardinality.MANY_TO_ONE, java.util.List.of("instance", "job"), true,
        java.util.List.of("version")));
    assertThat(b.toString()).isEqualTo("a / on (instance, job) group_left (version) b");
    Expr.Binary c = (Expr.Binary) PromqlParser.parse("a > bool ignoring(x) group_right b");
    assertThat(c.returnBool()).isTrue();
    assertThat(c.matching().card()).isEqualTo(VectorMatching.Cardinality.ONE_TO_MANY);
    assertThat(c.toString()).isEqualTo("a > bool ignoring (x) group_right () b");
    Expr.Binary set = (Expr.Binary) PromqlParser.parse("a and b");
    assertThat(set.matching().card()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
    assertThat(((Expr.Binary) PromqlParser.parse("1 + a")).matching()).isNull();
  }

  @Test
  void aggregationGroupingBeforeOrAfterAndParams() {
    Expr.Aggregation a = (Expr.Aggregation) PromqlParser.parse("sum(rate(x[5m])) by (job)");
    assertThat(a.grouping()).containsExactly("job");
    assertThat(a.toString()).isEqualTo("sum by (job) (rate(x[5m]))");
    Expr.Aggregation t = (Expr.Aggregation) PromqlParser.parse("topk without (a, b) (3, x)");
    assertThat(t.op()).isEqualTo(AggregationOp.TOPK);
    assertThat(t.without()).isTrue();
    assertThat(t.param()).isEqualTo(new Expr.NumberLiteral(3));
    assertThat(t.toString()).isEqualTo("topk without (a, b) (3, x)");
    assertThat(PromqlParser.parse("count_values(\"v\", x)").toString())
        .isEqualTo("count_values(\"v\", x)");
    assertThat(PromqlParser.parse("SUM BY (a) (x)").toString()).isEqualTo("sum by (a) (x)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sum(rate(http_requests_total{job=\"api\"}[5m])) by (code) / ignoring(code) group_left sum(rate(http_requests_total[5m]))",
      "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
      "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")",
      "-(foo + 1) ^ 2",
      "foo offset 5m @ 1000 and rate(bar[1m:10s] @ start())",
      "{__name__=~\"a.*\", b=\"c\"} unless on () d",
      "1 < bool 2",
      "absent(nonexistent{job=\"a\\\"b\\\\c\"})",
  })
  void formattingIsAFixedPoint(String query) {
    String once = PromqlParser.parse(query).toString();
    assertThat(PromqlParser.parse(once).toString()).isEqualTo(once);
    assertThat(PromqlParser.parse(once)).isEqualTo(PromqlParser.parse(query));
  }

  @Test
  void errorsCarryPositionAndBadDataType() {
    assertThatThrownBy(() -> PromqlParser.parse("foo + * bar"))
        .isInstanceOf(PromqlException.class)
        .hasMessage("1:7: parse error: unexpected <op:*>")
        .extracting(e -> ((PromqlException) e).errorType()).isEqualTo("bad_data");
    assertThatThrownBy(() -> PromqlParser.parse("foo\n  + )"))
        .hasMessage("2:6: parse error: unexpected right parenthesis ')'");
    assertThatThrownBy(() -> PromqlParser.parse(""))
        .hasMessageContaining("no expression found in input");
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
    assertThatThrownBy(() -> PromqlParser.parse(deep))
        .isInstanceOf(PromqlException.class)
        .hasMessageContaining("nested too deeply");
  }

  @Test
  void prettyLeavesShortQueriesOnOneLineAndSplitsLongOnes() {
    assertThat(Formatter.pretty(PromqlParser.parse("sum by(job)(rate(x[5m]))")))
        .isEqualTo("sum by (job) (rate(x[5m]))");
    String longQuery = "sum by (job) (rate(http_requests_total{job=\"api-server\", "
        + "code=~\"5..\"}[5m])) / sum by (job) (rate(http_requests_total{job=\"api-server\"}[5m]))";
    assertThat(Formatter.pretty(PromqlParser.parse(longQuery))).isEqualTo(
        "  sum by (job) (rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m]))\n"
            + "/\n"
            + "  sum by (job) (rate(http_requests_total{job=\"api-server\"}[5m]))");
  }
}
