package io.bongsu.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.PrometheusConfig;
import io.bongsu.metrics.scrape.config.ScrapeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetTest {
  private static ScrapeConfig job(String extra) {
    return PrometheusConfig.parse("scrape_configs:\n- job_name: node\n  scrape_interval: 15s\n" + extra, null)
        .scrapeConfigs().get(0);
  }

  @Test
  void defaultsInstanceJobAndPortLikePrometheus() {
    Target.Result r = Target.build(Labels.of("team", "a"), Labels.of("__address__", "host"), job(""));
    Target t = r.target();
    assertThat(t.labels).isEqualTo(Labels.of("instance", "host:80", "job", "node", "team", "a"));
    assertThat(t.url.toString()).isEqualTo("http://host:80/metrics");
    assertThat(t.interval).isEqualTo(Duration.ofSeconds(15));
    assertThat(t.timeout).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.discoveredLabels).isEqualTo(Labels.of("__address__", "host", "__metrics_path__", "/metrics",
        "__scheme__", "http", "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "job", "node", "team", "a"));
  }

  @Test
  void httpsGets443AndIpv6KeepsItsBrackets() {
    assertThat(Target.build(Labels.EMPTY, Labels.of("__address__", "h"), job("  scheme: https\n"))
        .target().url.toString()).isEqualTo("https://h:443/metrics");
    assertThat(Target.build(Labels.EMPTY, Labels.of("__address__", "[::1]"), job(""))
        .target().labels.get("instance")).isEqualTo("[::1]:80");
    assertThat(Target.build(Labels.EMPTY, Labels.of("__address__", "[::1]:9100"), job(""))
        .target().labels.get("instance")).isEqualTo("[::1]:9100");
  }

  @Test
  void relabelingCanSetParamsPathSchemeAndIntervals() {
    ScrapeConfig cfg = job("""
          params:
            module: [http_2xx]
            extra: [a, b]
          relabel_configs:
            - source_labels: [__address__]
              target_label: __param_target
            - target_label: __address__
              replacement: blackbox:9115
            - target_label: __metrics_path__
              replacement: /probe
            - target_label: __scrape_interval__
              replacement: 30s
            - source_labels: [__param_target]
              target_label: instance
        """);
    Target t = Target.build(Labels.EMPTY, Labels.of("__address__", "https://example.org"), cfg).target();
    assertThat(t.url.toString())
        .isEqualTo("http://blackbox:9115/probe?extra=a&extra=b&module=http_2xx&target=https%3A%2F%2Fexample.org");
    assertThat(t.interval).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.labels).isEqualTo(Labels.of("instance", "https://example.org", "job", "node"));
  }

  @Test
  void metaLabelsAreRemovedAndDroppedTargetsKeepDiscoveredLabels() {
    ScrapeConfig cfg = job("""
          relabel_configs:
            - source_labels: [__meta_env]
              regex: prod
              action: keep
        """);
    Target.Result kept = Target.build(Labels.of("__meta_env", "prod"), Labels.of("__address__", "a:1"), cfg);
    assertThat(kept.target().allLabels.has("__meta_env")).isFalse();
    Target.Result dropped = Target.build(Labels.of("__meta_env", "dev"), Labels.of("__address__", "b:1"), cfg);
    assertThat(dropped.target()).isNull();
    assertThat(dropped.dropped().get("__meta_env")).isEqualTo("dev");
    assertThat(dropped.dropped().get("__address__")).isEqualTo("b:1");
  }

  @Test
  void invalidTargetsReportWhy() {
    assertThat(Target.build(Labels.EMPTY, Labels.of("__address__", "a/b:1"), job("")).error())
        .contains("not a valid hostname");
    assertThat(Target.build(Labels.EMPTY, Labels.of("__address__", "a:1", "__scrape_timeout__", "1m"), job("")).error())
        .contains("scrape timeout cannot be greater than scrape interval");
    ScrapeConfig noAddress = job("  relabel_configs:\n  - regex: __address__\n    action: labeldrop\n");
    assertThat(Target.build(Labels.EMPTY, Labels.of("__address__", "a:1"), noAddress).error()).isEqualTo("no address");
  }
}
