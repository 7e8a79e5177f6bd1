package io.bongsu.metrics.scrape.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusConfigTest {
  private static final String FULL = """
      global:
        scrape_interval: 15s
        evaluation_interval: 30s
        external_labels:
          region: eu-1
      rule_files:
        - rules/*.yml
      alerting:
        alertmanagers:
          - static_configs:
              - targets: ['localhost:9093']
      remote_write:
        - url: http://example.org/api/v1/write
      scrape_configs:
        - job_name: node
          scrape_interval: 1h30m
          scrape_timeout: 100ms
          metrics_path: /probe
          scheme: https
          params:
            module: [http_2xx]
          honor_labels: true
          honor_timestamps: false
          basic_auth:
            username: admin
            password_file: secrets/pw
          tls_config:
            insecure_skip_verify: true
          sample_limit: 5000
          label_limit: 30
          body_size_limit: 10MB
          static_configs:
            - targets: ['a:9100', 'b:9100']
              labels:
                team: infra
                port: 80
          file_sd_configs:
            - files: ['targets/*.json', '/abs/t.yml']
              refresh_interval: 1m
          relabel_configs:
            - source_labels: [__address__]
              target_label: instance
          metric_relabel_configs:
            - regex: 'go_.*'
              source_labels: [__name__]
              action: drop
        - job_name: self
          scrape_interval: 5s
          authorization:
            credentials: tok
          static_configs:
            - targets: ['localhost:9090']
      """;

  @Test
  void readsEveryScrapeSetting(@TempDir Path dir) {
    PrometheusConfig c = PrometheusConfig.parse(FULL, dir);
    assertThat(c.originalYaml()).isEqualTo(FULL);
    assertThat(c.global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.global().evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.global().externalLabels()).isEqualTo(Labels.of("region", "eu-1"));
    assertThat(c.ruleFiles()).containsExactly("rules/*.yml");
    assertThat(c.ruleFilePaths()).containsExactly(dir.resolve("rules/*.yml"));
    ScrapeConfig node = c.scrapeConfigs().get(0);
    assertThat(node.jobName()).isEqualTo("node");
    assertThat(node.scrapeInterval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(node.scrapeTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(node.metricsPath()).isEqualTo("/probe");
    assertThat(node.scheme()).isEqualTo("https");
    assertThat(node.params()).containsEntry("module", List.of("http_2xx"));
    assertThat(node.honorLabels()).isTrue();
    assertThat(node.honorTimestamps()).isFalse();
    assertThat(node.http().basicAuth().username()).isEqualTo("admin");
    assertThat(node.http().basicAuth().passwordFile()).isEqualTo(dir.resolve("secrets/pw"));
    assertThat(node.http().tls().insecureSkipVerify()).isTrue();
    assertThat(node.sampleLimit()).isEqualTo(5000);
    assertThat(node.labelLimit()).isEqualTo(30);
    assertThat(node.bodySizeLimit()).isEqualTo(10L << 20);
    assertThat(node.staticConfigs()).hasSize(1);
    assertThat(node.staticConfigs().get(0).targets())
        .containsExactly(Labels.of("__address__", "a:9100"), Labels.of("__address__", "b:9100"));
    assertThat(node.staticConfigs().get(0).labels()).isEqualTo(Labels.of("team", "infra", "port", "80"));
    assertThat(node.fileSdConfigs().get(0).files())
        .containsExactly(dir.resolve("targets/*.json"), Path.of("/abs/t.yml"));
    assertThat(node.fileSdConfigs().get(0).refreshInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(node.relabelConfigs().get(0).action()).isEqualTo(RelabelAction.REPLACE);
    assertThat(node.relabelConfigs().get(0).replacement()).isEqualTo("$1");
    assertThat(node.metricRelabelConfigs().get(0).action()).isEqualTo(RelabelAction.DROP);
    ScrapeConfig self = c.scrapeConfigs().get(1);
    assertThat(self.scrapeTimeout()).as("global 10s timeout capped at the 5s interval").isEqualTo(Duration.ofSeconds(5));
    assertThat(self.metricsPath()).isEqualTo("/metrics");
    assertThat(self.scheme()).isEqualTo("http");
    assertThat(self.honorTimestamps()).isTrue();
    assertThat(self.http().authorization())
        .isEqualTo(new HttpClientSettings.Authorization("Bearer", "tok", null));
  }

  @Test
  void emptyConfigHasPrometheusDefaults() {
    PrometheusConfig c = PrometheusConfig.parse("", null);
    assertThat(c.global()).isEqualTo(GlobalConfig.DEFAULT);
    assertThat(c.global().scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.scrapeConfigs()).isEmpty();
  }

  @Test
  void loadResolvesRelativeFilesAgainstTheConfigDirectory(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, "scrape_configs:\n- job_name: x\n  bearer_token_file: tok\n");
    PrometheusConfig c = PrometheusConfig.load(file);
    assertThat(c.scrapeConfigs().get(0).http().authorization().credentialsFile())
        .isEqualTo(dir.resolve("tok"));
  }

  private static void assertInvalid(String yaml, String message) {
    assertThatThrownBy(() -> PrometheusConfig.parse(yaml, null))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void unknownFieldsAreNamed() {
    assertInvalid("scrape_configs:\n- job_name: x\n  scrape_intervall: 5s\n",
        "scrape_configs[x].scrape_intervall: field scrape_intervall not found in type config.ScrapeConfig");
    assertInvalid("globals: {}\n", "globals: field globals not found in type config.Config");
    assertInvalid("global:\n  foo: 1\n", "global.foo: field foo not found");
  }

  @Test
  void invalidValuesAreNamed() {
    assertInvalid("global:\n  scrape_interval: 5 s\n", "global.scrape_interval: not a valid duration string: \"5 s\"");
    assertInvalid("scrape_configs:\n- job_name: x\n  scrape_interval: 5s\n  scrape_timeout: 6s\n",
        "scrape timeout greater than scrape interval for scrape config with job name \"x\"");
    assertInvalid("scrape_configs:\n- job_name: x\n  body_size_limit: 10XB\n",
        "scrape_configs[x].body_size_limit: unknown unit \"XB\"");
    assertInvalid("scrape_configs:\n- job_name: x\n  sample_limit: -1\n",
        "scrape_configs[x].sample_limit: expected a non-negative integer");
    assertInvalid("scrape_configs:\n- job_name: x\n  honor_labels: yes please\n",
        "scrape_configs[x].honor_labels: expected true or false");
    assertInvalid("scrape_configs:\n- job_name: x\n- job_name: x\n", "multiple scrape configs with job name \"x\"");
    assertInvalid("scrape_configs:\n- scrape_interval: 1s\n", "job_name is empty");
    assertInvalid("scrape_configs:\n- job_name: x\n  scheme: ftp\n", "unknown scheme \"ftp\"");
    assertInvalid("scrape_configs:\n- job_name: x\n  basic_auth: {username: a, password: b, password_file: c}\n",
        "at most one of basic_auth password & password_file");
    assertInvalid("scrape_configs:\n- job_name: x\n  bearer_token: a\n  authorization: {credentials: b}\n",
        "authorization is not compatible with bearer_token");
    assertInvalid("scrape_configs:\n- job_name: x\n  file_sd_configs: [{files: [a.txt]}]\n",
        "is not valid for file discovery");
    assertInvalid("scrape_configs:\n- job_name: x\n  kubernetes_sd_configs: [{role: pod}]\n",
        "scrape_configs[x].kubernetes_sd_configs: this service discovery is not supported yet");
    assertInvalid("global:\n  external_labels:\n    bad-name: x\n", "global.external_labels.bad-name");
    assertInvalid("a: [\n", "invalid YAML");
    assertInvalid("global: {}\nglobal: {}\n", "invalid YAML");
  }

  @Test
  void durationsUsePrometheusSyntax() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("1y")).isEqualTo(Duration.ofDays(365));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("1m15s")).isEqualTo(Duration.ofSeconds(75));
    assertThatThrownBy(() -> Durations.parse("15m1h")).hasMessageContaining("not a valid duration");
    assertThatThrownBy(() -> Durations.parse("1.5h")).hasMessageContaining("not a valid duration");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("empty duration");
    assertThat(Durations.format(Duration.ofSeconds(15))).isEqualTo("15s");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofDays(90))).isEqualTo("90d");
    assertThat(Durations.format(Duration.ofDays(14))).isEqualTo("2w");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.seconds(Duration.ofMillis(500))).isEqualTo("0.5");
    assertThat(Durations.seconds(Duration.ofSeconds(10))).isEqualTo("10");
  }

  @Test
  void byteSizesAreBase2() {
    assertThat(ByteSizes.parse("10MB")).isEqualTo(10L << 20);
    assertThat(ByteSizes.parse("1GiB")).isEqualTo(1L << 30);
    assertThat(ByteSizes.parse("512KB")).isEqualTo(512L << 10);
    assertThat(ByteSizes.parse("0")).isZero();
    assertThatThrownBy(() -> ByteSizes.parse("10")).hasMessageContaining("not a valid size");
  }
}
