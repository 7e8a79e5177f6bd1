package io.bongsu.metrics.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "1|1",
    "0|0",
    "-0.0|-0",
    "0.5|0.5",
    "-21.5|-21.5",
    "0.1|0.1",
    "0.30000000000000004|0.30000000000000004",
    "123456789.123|123456789.123",
    "1e15|1000000000000000",
    "9007199254740993|9007199254740992",
    "1e20|100000000000000000000",
    "1.2345678901234567e19|12345678901234567000",
    "9.999999999999999e20|999999999999999900000",
    "1e21|1e+21",
    "1.5e300|1.5e+300",
    "1.7976931348623157e308|1.7976931348623157e+308",
    "0.000001|0.000001",
    "9.99e-7|9.99e-07",
    "1.5e-7|1.5e-07",
    "5e-324|5e-324",
    "-2.5e-10|-2.5e-10",
    "1e23|1e+23",
    "NaN|NaN",
    "Infinity|+Inf",
    "-Infinity|-Inf",
  })
  void formatsSampleValuesAsPrometheus(double value, String expected) {
    assertThat(GoFormat.sampleValue(value)).isEqualTo(expected);
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
  void formatsScalarValuesInFixedNotation(double value, String expected) {
    assertThat(GoFormat.fixedValue(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "0.012|0.012",
    "1.5e-7|1.5e-7",
    "1e21|1e+21",
    "3|3",
  })
  void formatsJsonNumbersAsGoEncodingJson(double value, String expected) {
    assertThat(GoFormat.jsonNumber(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "1435781451781|1435781451.781",
    "1435781451000|1435781451",
    "1500|1.500",
    "1050|1.050",
    "1005|1.005",
    "0|0",
    "-1500|-1.500",
    "-2000|-2",
  })
  void formatsTimestampsAsPrometheus(long millis, String expected) {
    assertThat(GoFormat.timestamp(millis)).isEqualTo(expected);
    assertThat(new String(new JsonWriter().timestamp(millis).toByteArray(),
        StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "2017-01-17T15:07:44.723715405Z|2017-01-17T15:07:44.723715405Z",
    "2017-01-17T15:07:44.500Z|2017-01-17T15:07:44.5Z",
    "2017-01-17T15:07:44Z|2017-01-17T15:07:44Z",
  })
  void formatsTimesAsGoRfc3339Nano(String instant, String expected) {
    assertThat(GoFormat.rfc3339(Instant.parse(instant))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void missingTimeIsGosZeroTime() {
    assertThat(GoFormat.rfc3339(null)).isEqualTo("0001-01-01T00:00:00Z");
  }

  @Property(tries = 3000)
  void sampleValuesParseBackExactlyWithTheShortestDigits(@ForAll double v) {
    String s = GoFormat.sampleValue(v);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return;
    }
    assertThat(Double.parseDouble(s)).isEqualTo(v);
    String digits = s.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "")
        .replaceFirst("^0+", "").replaceFirst("0+$", "");
    assertThat(digits.length()).isLessThanOrEqualTo(17);
    if (digits.length() > 1) {
      java.math.BigDecimal shorter = new java.math.BigDecimal(v)
          .round(new java.math.MathContext(digits.length() - 1));
      assertThat(shorter.doubleValue()).isNotEqualTo(v);
    }
  }
}
