package io.bongsu.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "NaN|NaN",
    "Infinity|+Inf",
    "-Infinity|-Inf",
    "0|0",
    "-0.0|-0",
    "1|1",
    "-1|-1",
    "404752|404752",
    "1400|1400",
    "100000|100000",
    "-125000|-125000",
    "1e6|1e+06",
    "2466167|2.466167e+06",
    "1795491193|1.795491193e+09",
    "2.70553174016e11|2.70553174016e+11",
    "1e10|1e+10",
    "951782400|9.517824e+08",
    "1e21|1e+21",
    "1.795491569826223e9|1.795491569826223e+09",
    "0.01|0.01",
    "0.0001|0.0001",
    "0.00001|1e-05",
    "12.370000000000001|12.370000000000001",
    "0.6900000000000001|0.6900000000000001",
    "1.5e-300|1.5e-300",
    "4.9e-324|5e-324",
    "1.7976931348623157e308|1.7976931348623157e+308",
    "2.82879384806159e17|2.82879384806159e+17",
    "1e23|1e+23",
  })
  void formatsLikeGoVerbG(double value, String expected) {
    assertThat(GoFloat.formatG(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "1|1",
    "0.5|0.5",
    "-21.5|-21.5",
    "0.30000000000000004|0.30000000000000004",
    "123456789.123|123456789.123",
    "1e15|1000000000000000",
    "9007199254740993|9007199254740992",
    "1e20|100000000000000000000",
    "1.2345678901234567e19|12345678901234567000",
    "9.999999999999999e20|999999999999999900000",
    "1e21|1e+21",
    "1.5e300|1.5e+300",
    "0.000001|0.000001",
    "9.99e-7|9.99e-07",
    "1.5e-7|1.5e-07",
    "5e-324|5e-324",
    "-2.5e-10|-2.5e-10",
    "NaN|NaN",
    "Infinity|+Inf",
    "-Infinity|-Inf",
  })
  void formatsSampleValuesAsPrometheus(double value, String expected) {
    assertThat(GoFloat.formatSampleValue(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "1e21|1000000000000000000000",
    "1e22|10000000000000000000000",
    "1.5e-7|0.00000015",
    "1e-7|0.0000001",
    "0.30000000000000004|0.30000000000000004",
    "-0.0|-0",
    "NaN|NaN",
    "-Infinity|-Inf",
  })
  void formatsFixedLikeGoVerbF(double value, String expected) {
    assertThat(GoFloat.formatF(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "0.012|0.012",
    "1.5e-7|1.5e-7",
    "1e21|1e+21",
    "3|3",
  })
  void formatsJsonNumbersAsGoEncodingJson(double value, String expected) {
    assertThat(GoFloat.formatJsonNumber(value)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void jsonHasNoNonFiniteNumbers() {
    assertThatThrownBy(() -> GoFloat.formatJsonNumber(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 5000)
  void everyLayoutReadsBackExactly(@ForAll("finite") double v) {
    assertThat(Double.parseDouble(GoFloat.formatG(v))).isEqualTo(v);
    assertThat(Double.parseDouble(GoFloat.formatF(v))).isEqualTo(v);
    assertThat(Double.parseDouble(GoFloat.formatSampleValue(v))).isEqualTo(v);
    assertThat(Double.parseDouble(GoFloat.formatJsonNumber(v))).isEqualTo(v);
  }

  @Property(tries = 5000)
  void noShorterDecimalReadsBack(@ForAll("finite") double v) {
    if (v == 0) {
      return;
    }
    String digits = GoFloat.shortest(Math.abs(v)).digits();
    assertThat(digits).doesNotEndWith("0");
    if (digits.length() > 1) {
      BigDecimal exact = new BigDecimal(v);
      MathContext shorter = new MathContext(digits.length() - 1, RoundingMode.FLOOR);
      assertThat(exact.round(shorter).doubleValue()).isNotEqualTo(v);
      shorter = new MathContext(digits.length() - 1, RoundingMode.CEILING);
      assertThat(exact.round(shorter).doubleValue()).isNotEqualTo(v);
    }
  }

  /** The length search against trying every length from 1 up, whatever upper bound it is given. */
  @Property(tries = 3000)
  void lengthSearchFindsWhatALinearSearchFinds(@ForAll("finite") double v,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 17) int upper) {
    double a = Math.abs(v);
    if (a == 0) {
      return;
    }
    assertThat(GoFloat.exactShortest(a, upper)).isEqualTo(linearShortest(a));
  }

  /** Whatever path it takes (Double.toString's digits or the search), the shortest and nearest. */
  @Property(tries = 5000)
  void shortestIsWhatALinearSearchFinds(@ForAll("finite") double v) {
    double a = Math.abs(v);
    if (a == 0) {
      return;
    }
    assertThat(GoFloat.shortest(a)).isEqualTo(linearShortest(a));
  }

  @Property(tries = 3000)
  void rateLikeValuesAreShortestAndNearest(@ForAll @net.jqwik.api.constraints.LongRange(
      min = 1, max = 1_000_000_000L) long delta, @ForAll @net.jqwik.api.constraints.IntRange(
      min = 1, max = 100_000) int seconds) {
    double v = delta / (double) seconds * 1.0123456789;
    assertThat(GoFloat.shortest(v)).isEqualTo(linearShortest(v));
  }

  @Property(tries = 5000)
  void integerNearestCheckAgreesWithBigDecimal(
      @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 10_000_000_000_000_000L)
      long numerator, @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 100_000)
      int denominator,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 15, max = 17) int len,
      @ForAll @net.jqwik.api.constraints.IntRange(min = -3, max = 3) int offset) {
    double v = numerator / (double) denominator * 1.0123456789;
    BigDecimal exact = new BigDecimal(v);
    BigDecimal r = exact.round(new MathContext(len, RoundingMode.HALF_EVEN));
    long digits = r.unscaledValue().longValueExact() + offset;
    int q = -r.scale();
    int got = GoFloat.nearerThanHalfUnit(v, digits, q);
    if (got >= 0) {
      boolean nearer = exact.subtract(BigDecimal.valueOf(digits, -q)).abs()
          .compareTo(BigDecimal.valueOf(5, 1 - q)) < 0;
      assertThat(got == 1).isEqualTo(nearer);
    }
  }

  @Property(tries = 5000)
  void integerReadBackCheckAgreesWithParsing(
      @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 10_000_000_000_000_000L)
      long numerator, @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 100_000)
      int denominator,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 14, max = 17) int len,
      @ForAll @net.jqwik.api.constraints.IntRange(min = -2, max = 2) int offset) {
    double v = numerator / (double) denominator * 1.0123456789;
    BigDecimal r = new BigDecimal(v).round(new MathContext(len, RoundingMode.HALF_EVEN));
    long c = r.unscaledValue().longValueExact() + offset;
    int e = -r.scale();
    int got = GoFloat.readsBack(v, c, e);
    if (got >= 0) {
      assertThat(got == 1).isEqualTo(Double.parseDouble(c + "E" + e) == v);
    }
  }

  @Property(tries = 2000)
  void readBackCheckAtPowersOfTwo(@ForAll @net.jqwik.api.constraints.IntRange(
      min = -6, max = 50) int exponent, @ForAll @net.jqwik.api.constraints.IntRange(
      min = -3, max = 3) int offset, @ForAll @net.jqwik.api.constraints.IntRange(
      min = 16, max = 17) int len) {
    double v = Math.scalb(1.0, exponent);
    BigDecimal r = new BigDecimal(v).round(new MathContext(len, RoundingMode.HALF_EVEN));
    long c = r.unscaledValue().longValueExact() + offset;
    int e = -r.scale();
    int got = GoFloat.readsBack(v, c, e);
    if (got >= 0) {
      assertThat(got == 1).isEqualTo(Double.parseDouble(c + "E" + e) == v);
    }
  }

  /** Tries every length from 1 up: the nearest decimal, else the nearest on the other side. */
  private static GoFloat.Decimal linearShortest(double a) {
    BigDecimal exact = new BigDecimal(a);
    BigDecimal want = null;
    for (int p = 1; p <= 17 && want == null; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() != a) {
        RoundingMode away = r.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR;
        r = exact.round(new MathContext(p, away));
      }
      if (r.doubleValue() == a) {
        want = r.stripTrailingZeros();
      }
    }
    String digits = want.unscaledValue().toString();
    return new GoFloat.Decimal(digits, digits.length() - want.scale());
  }

  @Provide
  Arbitrary<Double> finite() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.longs().map(Double::longBitsToDouble)
            .filter(d -> !Double.isNaN(d) && !Double.isInfinite(d)),
        Arbitraries.integers().between(-2000, 2000).map(i -> i / 100.0),
        Arbitraries.longs().between(0, 1L << 53).map(l -> (double) l * (1L << 20)));
  }
}
