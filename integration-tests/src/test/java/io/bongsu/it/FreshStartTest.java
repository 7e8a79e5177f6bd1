package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command in miniature: the jar with no config starts the server and its
 * agent, keeps data under ./data, and answers {@code up} with the agent's target up.
 */
class FreshStartTest {
  @TempDir Path dir;

  @Test
  void defaultServerScrapesItsOwnAgent() throws Exception {
    int web = FreePort.next();
    int agent = FreePort.next();
    try (PeerProcess bongsu = PeerProcess.start("bongsu", dir, List.of(CrashRecoveryTest.javaBin(),
            "-jar", BongsuJar.path().toString(), "server",
            "--web.listen-address=127.0.0.1:" + web, "--console.listen-address=off",
            "--agent.listen-address=127.0.0.1:" + agent))
        .awaitHttpOk("http://127.0.0.1:" + web + "/-/ready", Duration.ofSeconds(60))) {
      PromApi api = new PromApi("http://127.0.0.1:" + web);
      JsonNode up = Eventually.value(Duration.ofSeconds(60), () -> {
        JsonNode r = api.query("up == 1").path("result");
        return r.size() == 2 ? r : null;
      });
      assertThat(up.findValuesAsText("job")).containsExactlyInAnyOrder("bongsu", "node");
      assertThat(Files.isDirectory(dir.resolve("data").resolve("metrics"))).isTrue();
      assertThat(api.query("node_memory_MemTotal_bytes > 0").path("result").size()).isEqualTo(1);
      assertThat(api.query("prometheus_tsdb_head_series{job=\"bongsu\"}").path("result").size()).isEqualTo(1);
    }
  }
}
