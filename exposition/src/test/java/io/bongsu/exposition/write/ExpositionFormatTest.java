package io.bongsu.exposition.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpositionFormatTest {
  @Test
  void prometheusScrapeAcceptHeaderGetsOpenMetrics() {
    String accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    assertThat(ExpositionFormat.negotiate(accept)).isEqualTo(ExpositionFormat.OPENMETRICS_1_0_0);
  }

  @Test
  void plainOrMissingAcceptGetsText() {
    assertThat(ExpositionFormat.negotiate(null)).isEqualTo(ExpositionFormat.TEXT_0_0_4);
    assertThat(ExpositionFormat.negotiate("")).isEqualTo(ExpositionFormat.TEXT_0_0_4);
    assertThat(ExpositionFormat.negotiate("*/*")).isEqualTo(ExpositionFormat.TEXT_0_0_4);
    assertThat(ExpositionFormat.negotiate("text/plain;version=0.0.4")).isEqualTo(ExpositionFormat.TEXT_0_0_4);
  }

  @Test
  void openMetricsWithLowerQualityThanTextGetsText() {
    assertThat(ExpositionFormat.negotiate("text/plain;q=0.9, application/openmetrics-text;q=0.2"))
        .isEqualTo(ExpositionFormat.TEXT_0_0_4);
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text;q=0"))
        .isEqualTo(ExpositionFormat.TEXT_0_0_4);
  }

  @Test
  void unknownOpenMetricsVersionIsNotChosen() {
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text; version=2.0.0"))
        .isEqualTo(ExpositionFormat.TEXT_0_0_4);
    assertThat(ExpositionFormat.negotiate("Application/OpenMetrics-Text"))
        .isEqualTo(ExpositionFormat.OPENMETRICS_1_0_0);
  }

  @Test
  void contentTypesNameTheirVersions() {
    assertThat(ExpositionFormat.TEXT_0_0_4.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(ExpositionFormat.OPENMETRICS_1_0_0.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
  }
}
