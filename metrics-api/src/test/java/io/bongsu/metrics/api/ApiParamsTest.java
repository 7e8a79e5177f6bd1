package io.bongsu.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiParamsTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "1435781451.781|1435781451781",
    "1435781451|1435781451000",
    "1435781451.7816|1435781451782",
    "-1.5|-1500",
    "1e3|1000000",
    "2015-07-01T20:10:51.781Z|1435781451781",
    "2015-07-01T22:10:51.781+02:00|1435781451781",
    "2015-07-01T20:10:51Z|1435781451000",
    "2015-07-01T20:10:51.781999999Z|1435781451781",
    "-292273086-05-16T16:47:06Z|-9223309901257974000",
    "292277025-08-18T07:12:54.999999999Z|9223309901257974999",
  })
  void parsesTimesAsPrometheus(String text, long millis) throws Exception {
    assertThat(ApiParams.parseTime(text)).isEqualTo(millis);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "abc", "1d", " 1", "1 ", "2015-07-01", "2015-07-01 20:10:51Z",
      "NaN", "Inf", "0x10"})
  void rejectsBadTimes(String text) {
    assertThatThrownBy(() -> ApiParams.parseTime(text))
        .hasMessage("cannot parse \"" + text + "\" to a valid timestamp");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "15|15000000000",
    "0.5|500000000",
    "15s|15000000000",
    "1m30s|90000000000",
    "1h|3600000000000",
    "2d|172800000000000",
    "1w|604800000000000",
    "1y|31536000000000000",
    "100ms|100000000",
    "0|0",
    "-5|-5000000000",
  })
  void parsesDurationsAsPrometheus(String text, long nanos) throws Exception {
    assertThat(ApiParams.parseDurationNanos(text)).isEqualTo(nanos);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "1.5h", "5x", "h", "1m1h", "1s1m"})
  void rejectsBadDurations(String text) {
    assertThatThrownBy(() -> ApiParams.parseDurationNanos(text))
        .hasMessage("cannot parse \"" + text + "\" to a valid duration");
  }

  @org.junit.jupiter.api.Test
  void rejectsDurationsOverflowingNanoseconds() {
    assertThatThrownBy(() -> ApiParams.parseDurationNanos("1e300"))
        .hasMessage("cannot parse \"1e300\" to a valid duration. It overflows int64");
  }
}
