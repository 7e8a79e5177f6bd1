package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bongsu.agent.AgentOptions;
import io.bongsu.agent.http.AgentServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Prometheus scrapes {@code bongsu agent} as it would node_exporter. */
class PrometheusScrapesAgentTest {
  @TempDir Path dir;

  @Test
  void prometheusScrapesTheAgentWithoutErrors() throws Exception {
    Path prometheus = Peers.require("prometheus");
    try (AgentServer agent = AgentServer.start(AgentOptions.defaults().withListenAddress("127.0.0.1:0"))) {
      int promPort = FreePort.next();
      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: agent
              static_configs:
                - targets: ['127.0.0.1:%d']
          """.formatted(agent.port()));
      try (PeerProcess prom = PeerProcess.start("prometheus", dir, List.of(prometheus.toString(),
              "--config.file=" + dir.resolve("prometheus.yml"),
              "--storage.tsdb.path=" + dir.resolve("prom-data"),
              "--web.listen-address=127.0.0.1:" + promPort))
          .awaitHttpOk("http://127.0.0.1:" + promPort + "/-/ready", Duration.ofSeconds(60))) {
        PromApi api = new PromApi("http://127.0.0.1:" + promPort);
        JsonNode target = Eventually.value(Duration.ofSeconds(60), () -> {
          JsonNode t = api.get("/api/v1/targets").path("activeTargets").path(0);
          return "up".equals(t.path("health").asText()) ? t : null;
        });
        assertThat(target.path("lastError").asText()).isEmpty();
        // Several scrapes in a row must succeed, not just the first.
        Thread.sleep(3_000);
        JsonNode again = api.get("/api/v1/targets").path("activeTargets").path(0);
        assertThat(again.path("health").asText()).as(prom.logText()).isEqualTo("up");
        assertThat(again.path("lastError").asText()).isEmpty();

        double families = api.query("count(count by (__name__) ({__name__=~\"node_.+\"}))")
            .path("result").path(0).path("value").path(1).asDouble();
        assertThat(families).isGreaterThan(50);
        assertThat(api.query("node_memory_MemTotal_bytes").path("result").size()).isEqualTo(1);
        assertThat(api.query("sum(node_scrape_collector_success) > 0").path("result").size())
            .isEqualTo(1);
      }
    }
  }
}
