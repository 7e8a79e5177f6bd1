package io.bongsu.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpositionFormatTest {
  @Test
  void prometheusScrapeAcceptHeaderGetsOpenMetrics() {
    String accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    assertThat(ExpositionFormat.negotiate(accept)).isEqualTo(ExpositionFormat.OPENMETRICS);
  }

  @Test
  void plainOrMissingAcceptGetsText() {
    assertThat(ExpositionFormat.negotiate(null)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.negotiate("")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.negotiate("*/*")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.negotiate("text/plain;version=0.0.4")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
  }

  @Test
  void openMetricsWithLowerQualityThanTextGetsText() {
    assertThat(ExpositionFormat.negotiate("text/plain;q=0.9, application/openmetrics-text;q=0.2"))
        .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text;q=0"))
        .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
  }

  @Test
  void unknownOpenMetricsVersionIsNotChosen() {
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text; version=2.0.0"))
        .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.negotiate("Application/OpenMetrics-Text"))
        .isEqualTo(ExpositionFormat.OPENMETRICS);
  }

  @Test
  void contentTypesNameTheirVersions() {
    assertThat(ExpositionFormat.PROMETHEUS_TEXT.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(ExpositionFormat.OPENMETRICS.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
  }
}
