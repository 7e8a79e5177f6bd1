package io.bongsu.exposition.write;

import io.bongsu.exposition.MetricType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WritersTest {
  private static List<MetricFamily> sampleFamilies() {
    MetricFamily counter = MetricFamily.builder("http_requests_total", MetricType.COUNTER, "Requests served.")
        .add(1027, "method", "post", "code", "200")
        .add(Sample.withSuffix("_created", 1.5e9, "method", "post", "code", "200"))
        .build();
    MetricFamily gauge = MetricFamily.builder("temperature_celsius", MetricType.GAUGE, "Line one\nback\\slash \"quoted\"")
        .unit("celsius")
        .add(Sample.of(-3.5, "room", "a\"b\\c\nd").at(1395066363000L))
        .add(Double.NaN, "room", "")
        .build();
    MetricFamily histogram = MetricFamily.builder("latency_seconds", MetricType.HISTOGRAM, "Latency.")
        .add(Sample.withSuffix("_bucket", 2, "le", "0.5"))
        .add(Sample.withSuffix("_bucket", 5, "le", "1"))
        .add(Sample.withSuffix("_bucket", 7, "le", "+Inf"))
        .add(Sample.withSuffix("_sum", 4.25))
        .add(Sample.withSuffix("_count", 7))
        .build();
    MetricFamily info = MetricFamily.builder("build_info", MetricType.INFO, "Build.")
        .add(1, "version", "1.0")
        .build();
    MetricFamily untyped = MetricFamily.builder("node_vmstat_pgfault", MetricType.UNKNOWN, "")
        .add(Sample.of(2176117).at(1500))
        .build();
    return List.of(counter, gauge, histogram, info, untyped);
  }

  @Test
  void textFormatMatchesGolden() {
    String expected = """
        # HELP http_requests_total Requests served.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027
        # HELP temperature_celsius Line one\\nback\\\\slash "quoted"
        # TYPE temperature_celsius gauge
        temperature_celsius{room="a\\"b\\\\c\\nd"} -3.5 1395066363000
        temperature_celsius{room=""} NaN
        # HELP latency_seconds Latency.
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.5"} 2
        latency_seconds_bucket{le="1"} 5
        latency_seconds_bucket{le="+Inf"} 7
        latency_seconds_sum 4.25
        latency_seconds_count 7
        # HELP build_info Build.
        # TYPE build_info gauge
        build_info{version="1.0"} 1
        # TYPE node_vmstat_pgfault untyped
        node_vmstat_pgfault 2.176117e+06 1500
        """;
    assertThat(TextFormatWriter.INSTANCE.write(sampleFamilies())).isEqualTo(expected);
  }

  @Test
  void openMetricsMatchesGolden() {
    String expected = """
        # TYPE http_requests counter
        # HELP http_requests Requests served.
        http_requests_total{method="post",code="200"} 1027
        http_requests_created{method="post",code="200"} 1.5e+09
        # TYPE temperature_celsius gauge
        # UNIT temperature_celsius celsius
        # HELP temperature_celsius Line one\\nback\\\\slash \\"quoted\\"
        temperature_celsius{room="a\\"b\\\\c\\nd"} -3.5 1395066363
        temperature_celsius{room=""} NaN
        # TYPE latency_seconds histogram
        # HELP latency_seconds Latency.
        latency_seconds_bucket{le="0.5"} 2
        latency_seconds_bucket{le="1.0"} 5
        latency_seconds_bucket{le="+Inf"} 7
        latency_seconds_sum 4.25
        latency_seconds_count 7
        # TYPE build info
        # HELP build Build.
        build_info{version="1.0"} 1
        # TYPE node_vmstat_pgfault unknown
        node_vmstat_pgfault 2.176117e+06 1.5
        # EOF
        """;
    assertThat(OpenMetricsWriter.INSTANCE.write(sampleFamilies())).isEqualTo(expected);
  }

  @Test
  void counterWithoutTotalSuffixGainsItOnlyInOpenMetricsSamples() {
    MetricFamily f = MetricFamily.builder("jobs", MetricType.COUNTER, "").add(3).build();
    assertThat(TextFormatWriter.INSTANCE.write(List.of(f))).isEqualTo("# TYPE jobs counter\njobs 3\n");
    assertThat(OpenMetricsWriter.INSTANCE.write(List.of(f))).isEqualTo("# TYPE jobs counter\njobs_total 3\n# EOF\n");
  }

  @Test
  void unitIsOmittedWhenNameDoesNotEndWithIt() {
    MetricFamily f = MetricFamily.builder("uptime", MetricType.GAUGE, "").unit("seconds").add(1).build();
    assertThat(OpenMetricsWriter.INSTANCE.write(List.of(f))).doesNotContain("# UNIT");
  }

  @Test
  void emptyExpositionIsJustEof() {
    assertThat(OpenMetricsWriter.INSTANCE.write(List.of())).isEqualTo("# EOF\n");
    assertThat(TextFormatWriter.INSTANCE.write(List.of())).isEmpty();
  }

  @Test
  void openMetricsTimestampsKeepMillisecondPrecision() {
    MetricFamily f = MetricFamily.builder("g", MetricType.GAUGE, "")
        .add(Sample.of(1).at(1000)).add(Sample.of(1).at(1010)).add(Sample.of(1).at(-1500)).build();
    assertThat(OpenMetricsWriter.INSTANCE.write(List.of(f)))
        .isEqualTo("# TYPE g gauge\ng 1 1\ng 1 1.01\ng 1 -2.5\n# EOF\n");
  }

  @Test
  void invalidNamesAreRejectedWithClearErrors() {
    assertThatThrownBy(() -> MetricFamily.builder("1bad", MetricType.GAUGE, "").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid metric name");
    assertThatThrownBy(() -> Sample.of(1, "bad-label", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid label name");
    assertThatThrownBy(() -> Sample.of(1, "odd"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
  }
}
