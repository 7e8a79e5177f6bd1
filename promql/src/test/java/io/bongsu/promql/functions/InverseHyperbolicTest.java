package io.bongsu.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class InverseHyperbolicTest {
  @Test
  void largeArgumentsDoNotOverflow() {
    double expected = Math.log(1e300) + Math.log(2);
    assertThat(InverseHyperbolic.asinh(1e300)).isCloseTo(expected, within(1e-12));
    assertThat(InverseHyperbolic.asinh(-1e300)).isCloseTo(-expected, within(1e-12));
    assertThat(InverseHyperbolic.acosh(1e300)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void tinyArgumentsAreTheirOwnResult() {
    assertThat(InverseHyperbolic.atanh(4e-300)).isEqualTo(4e-300);
    assertThat(InverseHyperbolic.asinh(-4e-300)).isEqualTo(-4e-300);
  }

  @Test
  void edgesAndSpecialValuesFollowGo() {
    assertThat(InverseHyperbolic.atanh(1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(InverseHyperbolic.atanh(-1)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(InverseHyperbolic.atanh(1.5)).isNaN();
    assertThat(InverseHyperbolic.acosh(1)).isEqualTo(0);
    assertThat(InverseHyperbolic.acosh(0.5)).isNaN();
    assertThat(InverseHyperbolic.asinh(Double.NEGATIVE_INFINITY))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(InverseHyperbolic.asinh(Double.NaN)).isNaN();
  }

  @Property(tries = 2000)
  void invertTheHyperbolicFunctions(@ForAll @DoubleRange(min = -20, max = 20) double x) {
    assertThat(InverseHyperbolic.asinh(Math.sinh(x))).isCloseTo(x, within(1e-9));
    if (Math.abs(x) < 5) {
      assertThat(InverseHyperbolic.atanh(Math.tanh(x))).isCloseTo(x, within(1e-9));
    }
    if (x > 0.001) {
      assertThat(InverseHyperbolic.acosh(Math.cosh(x))).isCloseTo(x, within(1e-6));
    }
  }
}
