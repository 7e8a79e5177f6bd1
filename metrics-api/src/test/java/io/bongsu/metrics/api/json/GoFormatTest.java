package io.bongsu.metrics.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {
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
}
