package io.bongsu.exposition.write;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class GoFloatTest {
  @Test
  void specialValuesUseGoSpelling() {
    assertThat(GoFloat.format(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloat.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFloat.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoFloat.format(0.0)).isEqualTo("0");
    assertThat(GoFloat.format(-0.0)).isEqualTo("-0");
  }

  @Test
  void integersUpToSixDigitsOrWithFewSignificantDigitsStayPlain() {
    assertThat(GoFloat.format(1)).isEqualTo("1");
    assertThat(GoFloat.format(-1)).isEqualTo("-1");
    assertThat(GoFloat.format(404752)).isEqualTo("404752");
    assertThat(GoFloat.format(6109)).isEqualTo("6109");
    assertThat(GoFloat.format(1400)).isEqualTo("1400");
    assertThat(GoFloat.format(100000)).isEqualTo("100000");
  }

  @Test
  void largeValuesUseExponentLikeGo() {
    assertThat(GoFloat.format(1e6)).isEqualTo("1e+06");
    assertThat(GoFloat.format(2466167)).isEqualTo("2.466167e+06");
    assertThat(GoFloat.format(1795491193)).isEqualTo("1.795491193e+09");
    assertThat(GoFloat.format(2.70553174016e11)).isEqualTo("2.70553174016e+11");
    assertThat(GoFloat.format(1e21)).isEqualTo("1e+21");
    assertThat(GoFloat.format(1.795491569826223e9)).isEqualTo("1.795491569826223e+09");
    assertThat(GoFloat.format(-125000)).isEqualTo("-125000");
  }

  @Test
  void fractionsUseShortestDigits() {
    assertThat(GoFloat.format(0.01)).isEqualTo("0.01");
    assertThat(GoFloat.format(0.0001)).isEqualTo("0.0001");
    assertThat(GoFloat.format(0.00001)).isEqualTo("1e-05");
    assertThat(GoFloat.format(12370 * 0.001)).isEqualTo("12.370000000000001");
    assertThat(GoFloat.format(299.09)).isEqualTo("299.09");
    assertThat(GoFloat.format(0.6900000000000001)).isEqualTo("0.6900000000000001");
    assertThat(GoFloat.format(1.5e-300)).isEqualTo("1.5e-300");
    assertThat(GoFloat.format(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(GoFloat.format(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
  }

  @Property
  void everyFiniteValueReadsBackExactly(@ForAll double v) {
    assertThat(Double.parseDouble(GoFloat.format(v).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")))
        .isEqualTo(v);
  }
}
