package io.bongsu.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.promql.PromqlException;
import io.bongsu.promql.ast.Expr;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parser either returns an expression or throws bad_data; never anything else. */
class PromqlParserFuzzTest {
  private static final String[] SEEDS = {
      "sum by (job) (rate(http_requests_total{job=~\"a.*\",code!=\"500\"}[5m] offset 1m))",
      "histogram_quantile(0.9, sum without (instance) (rate(x_bucket[5m:30s] @ end())))",
      "a / on(b) group_left(c) d > bool 0.5 or e unless f and g",
      "topk(3, -x ^ 2 % 4) + count_values(\"v\", y) - 0x1F * 1e-3",
      "label_replace(up, \"a\", '$1', \"b\", `(.*)`) @ 1609746000",
      "absent_over_time(z{a=\"\\x41\\n\"}[1h]) * scalar(time())",
  };
  private static final String ALPHABET = "abcxyz_:019.eE+-*/%^=!~<>(){}[],@\"'`\\ \n#"
      + "ofsetbyuminrgtp";

  @Property(tries = 3000)
  void randomTextNeverCrashesTheParser(@ForAll("randomText") String text) {
    assertParsesOrRejects(text);
  }

  @Property(tries = 3000)
  void mutatedQueriesNeverCrashTheParser(@ForAll("mutated") String text) {
    assertParsesOrRejects(text);
  }

  @Property(tries = 500)
  void parsedQueriesRoundTripThroughTheFormatter(@ForAll("mutated") String text) {
    Expr e;
    try {
      e = PromqlParser.parse(text);
    } catch (PromqlException ex) {
      return;
    }
    String formatted = e.toString();
    assertThat(PromqlParser.parse(formatted).toString()).isEqualTo(formatted);
  }

  private static void assertParsesOrRejects(String text) {
    try {
      assertThat(PromqlParser.parse(text)).isNotNull();
    } catch (PromqlException e) {
      assertThat(e.errorType()).isEqualTo("bad_data");
      assertThat(e.getMessage()).matches("(?s)\\d+:\\d+: parse error: .+");
    }
  }

  @Provide
  Arbitrary<String> randomText() {
    return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(60);
  }

  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<Integer> pos = Arbitraries.integers().between(0, 1000);
    Arbitrary<Character> ch = Arbitraries.chars().with(ALPHABET.toCharArray());
    Arbitrary<Integer> op = Arbitraries.integers().between(0, 3);
    return net.jqwik.api.Combinators.combine(seed, pos, ch, op, Arbitraries.integers().between(1, 4))
        .as((s, p, c, o, times) -> {
          StringBuilder sb = new StringBuilder(s);
          for (int k = 0; k < times; k++) {
            int at = (p * (k + 7)) % (sb.length() + 1);
            switch (o) {
              case 0 -> sb.insert(at, c);
              case 1 -> {
                if (at < sb.length()) {
                  sb.deleteCharAt(at);
                }
              }
              case 2 -> {
                if (at < sb.length()) {
                  sb.setCharAt(at, c);
                }
              }
              default -> sb.setLength(Math.min(sb.length(), at));
            }
          }
          return sb.toString();
        });
  }
}
