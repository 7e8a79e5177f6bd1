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

  /** Expected labels were produced by Prometheus 2.42 from the same config (/api/v1/targets). */
  @Test
  void relabelingChainMatchesPrometheusOutput() {
    ScrapeConfig cfg = PrometheusConfig.parse("""
        scrape_configs:
        - job_name: rl
          scrape_interval: 1h
          static_configs:
          - targets: ['host-1:9100', 'Other.Host:80', 'x']
            labels: {__meta_pod_label_app: web, __meta_pod_label_tier: front, env: Prod, same_a: x, same_b: x}
          relabel_configs:
          - {source_labels: [__address__], modulus: 7, target_label: shard, action: hashmod}
          - {source_labels: [__address__], modulus: 1000000, target_label: shard2, action: hashmod}
          - {regex: __meta_pod_label_(.+), replacement: 'k8s_$1', action: labelmap}
          - {source_labels: [__address__], regex: '([^:]+)(?::(\\d+))?', target_label: host_$2, replacement: '${1}x$2y$1x'}
          - {source_labels: [env, __address__], separator: '|', target_label: lower, action: lowercase}
          - {source_labels: [env], target_label: upper, action: uppercase}
          - {source_labels: [same_a], target_label: same_b, action: keepequal}
          - {source_labels: [__address__], regex: 'x:80', action: drop}
          - {regex: 'same_.*', action: labeldrop}
          - {source_labels: [__address__], regex: '(?P<h>[^:]+):(?P<p>.*)', target_label: named, replacement: '$p-${h}'}
        """, null).scrapeConfigs().get(0);
    var group = cfg.staticConfigs().get(0);
    Labels common = Labels.of("env", "Prod", "job", "rl", "k8s_app", "web", "k8s_tier", "front", "upper", "PROD");
    assertThat(Target.build(group.labels(), group.targets().get(0), cfg).target().labels).isEqualTo(
        common.toBuilder().set("host_9100", "host-1x").set("instance", "host-1:9100")
            .set("lower", "prod|host-1:9100").set("named", "9100-host-1").set("shard", "5")
            .set("shard2", "138772").build());
    assertThat(Target.build(group.labels(), group.targets().get(1), cfg).target().labels).isEqualTo(
        common.toBuilder().set("host_80", "Other.Hostx").set("instance", "Other.Host:80")
            .set("lower", "prod|other.host:80").set("named", "80-Other.Host").set("shard", "5")
            .set("shard2", "154960").build());
    Target x = Target.build(group.labels(), group.targets().get(2), cfg).target();
    assertThat(x.labels).isEqualTo(common.toBuilder().set("host_", "xx").set("instance", "x:80")
        .set("lower", "prod|x").set("shard", "4").set("shard2", "290726").build());
    assertThat(x.url.toString()).isEqualTo("http://x:80/metrics");
  }
}
