package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bongsu.app.BongsuServer;
import io.bongsu.app.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Prometheus scrapes real node_exporter and remote-writes everything into Bongsu; the raw
 * samples Bongsu then holds must be exactly those Prometheus holds.
 */
class RemoteWriteFromPrometheusTest {
  @TempDir Path dir;

  @Test
  void seriesAndSamplesMatchPrometheusOwn() throws Exception {
    Path prometheus = Peers.require("prometheus");
    Path nodeExporter = Peers.require("prometheus-node-exporter");
    int nodePort = FreePort.next();
    int promPort = FreePort.next();
    try (BongsuServer bongsu = BongsuServer.start(TestServers.options(dir.resolve("bongsu")));
        PeerProcess node = PeerProcess.start("node_exporter", dir, List.of(nodeExporter.toString(),
                "--web.listen-address=127.0.0.1:" + nodePort))
            .awaitHttpOk("http://127.0.0.1:" + nodePort + "/metrics", Duration.ofSeconds(30))) {
      String bongsuUrl = "http://" + TestServers.local(bongsu.webAddress());
      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: node
              static_configs:
                - targets: ['127.0.0.1:%d']
          remote_write:
            - url: %s/api/v1/write
              queue_config:
                batch_send_deadline: 500ms
          """.formatted(nodePort, bongsuUrl));
      try (PeerProcess prom = PeerProcess.start("prometheus", dir, List.of(prometheus.toString(),
              "--config.file=" + dir.resolve("prometheus.yml"),
              "--storage.tsdb.path=" + dir.resolve("prom-data"),
              "--web.listen-address=127.0.0.1:" + promPort))
          .awaitHttpOk("http://127.0.0.1:" + promPort + "/-/ready", Duration.ofSeconds(60))) {
        PromApi theirs = new PromApi("http://127.0.0.1:" + promPort);
        PromApi ours = new PromApi(bongsuUrl);
        // Let a few scrapes happen, then compare a window that both have certainly received.
        Eventually.value(Duration.ofSeconds(60), () ->
            theirs.query("count_over_time(up[1m]) >= 5").path("result").size() == 1 ? true : null);
        String at = Double.toString(System.currentTimeMillis() / 1000.0 - 2);
        String window = "{job=\"node\"}[4s]";
        Map<String, String> expected = samples(theirs.get("/api/v1/query", "query", window, "time", at));
        assertThat(expected).hasSizeGreaterThan(200);
        Map<String, String> actual = Eventually.value(Duration.ofSeconds(30), () -> {
          Map<String, String> got = samples(ours.get("/api/v1/query", "query", window, "time", at));
          return got.equals(expected) ? got : null;
        });
        assertThat(actual).isEqualTo(expected);
      }
    }
  }

  /** Each series' labels mapped to its raw samples, in the API's own text. */
  private static Map<String, String> samples(JsonNode data) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode series : data.path("result")) {
      out.put(series.path("metric").toString(), series.path("values").toString());
    }
    return out;
  }
}
