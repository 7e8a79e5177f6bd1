package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bongsu.app.BongsuServer;
import io.bongsu.app.ServerOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bongsu scrapes real node_exporter from a prometheus.yml, and follows a reloaded config. */
class ScrapesNodeExporterTest {
  @TempDir Path dir;

  @Test
  void scrapesNodeExporterAndAppliesReloadedConfig() throws Exception {
    Path nodeExporter = Peers.require("prometheus-node-exporter");
    int nodePort = FreePort.next();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ['127.0.0.1:%d']
                labels: {env: test}
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: node_cpu_.*
                action: drop
        """.formatted(nodePort));
    ServerOptions base = TestServers.options(dir.resolve("data"));
    ServerOptions options = new ServerOptions(config, base.tsdbPath(), base.webListenAddress(),
        null, null, base.retentionTime(), base.retentionBytes(), base.outOfOrderWindow(),
        base.lookbackDelta(), base.queryTimeout(), base.queryMaxSamples(), null);
    try (PeerProcess node = PeerProcess.start("node_exporter", dir, List.of(nodeExporter.toString(),
            "--web.listen-address=127.0.0.1:" + nodePort))
            .awaitHttpOk("http://127.0.0.1:" + nodePort + "/metrics", Duration.ofSeconds(30));
        BongsuServer bongsu = BongsuServer.start(options)) {
      PromApi api = new PromApi("http://" + TestServers.local(bongsu.webAddress()));
      JsonNode up = Eventually.value(Duration.ofSeconds(30), () -> {
        JsonNode r = api.query("up{job=\"node\",env=\"test\"} == 1").path("result");
        return r.size() == 1 ? r : null;
      });
      assertThat(up.path(0).path("metric").path("instance").asText()).isEqualTo("127.0.0.1:" + nodePort);
      assertThat(api.query("node_memory_MemTotal_bytes").path("result").size()).isEqualTo(1);
      assertThat(api.query("scrape_samples_scraped{job=\"node\"} > 100").path("result").size()).isEqualTo(1);
      assertThat(api.query("node_cpu_seconds_total").path("result").size())
          .as("metric_relabel_configs drop").isZero();
      JsonNode target = api.get("/api/v1/targets").path("activeTargets").path(0);
      assertThat(target.path("health").asText()).isEqualTo("up");
      assertThat(target.path("lastError").asText()).isEmpty();

      Files.writeString(config, Files.readString(config).replace("env: test", "env: reloaded"));
      var resp = api.raw(HttpRequest.newBuilder(URI.create(api.base() + "/-/reload"))
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(resp.statusCode()).isEqualTo(200);
      Eventually.value(Duration.ofSeconds(30), () ->
          api.query("up{env=\"reloaded\"} == 1").path("result").size() == 1 ? true : null);
      assertThat(api.get("/api/v1/status/config").path("yaml").asText()).contains("env: reloaded");
      assertThat(api.get("/api/v1/status/runtimeinfo").path("reloadConfigSuccess").asBoolean()).isTrue();

      Files.writeString(config, "scrape_configs: [ {job_name: broken, scrape_interval: soon} ]\n");
      var broken = api.raw(HttpRequest.newBuilder(URI.create(api.base() + "/-/reload"))
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(broken.statusCode()).isEqualTo(500);
      assertThat(broken.body()).contains("scrape_interval");
      assertThat(api.get("/api/v1/status/runtimeinfo").path("reloadConfigSuccess").asBoolean()).isFalse();
      assertThat(api.get("/api/v1/status/config").path("yaml").asText())
          .as("a failed reload keeps the running config").contains("env: reloaded");
    }
  }
}
