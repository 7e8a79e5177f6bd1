package io.bongsu.agent.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.agent.AgentOptions;
import io.bongsu.agent.http.AgentServer;
import io.bongsu.agent.node.Fixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the agent (serving the fixture host): Prometheus asks for OpenMetrics
 * first, so this checks that our OpenMetrics output parses in the reference implementation and
 * that values arrive unchanged. Skipped when Prometheus is not installed.
 */
class PrometheusScrapeTest {
  private static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  @Test
  void prometheusScrapesTheAgentWithoutErrors() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(BINARY), "prometheus not installed");
    Path host = Fixtures.host();
    try (AgentServer agent = AgentServer.start(AgentOptions.defaults().withListenAddress("127.0.0.1:0")
        .withProcPath(host.resolve("proc")).withSysPath(host.resolve("sys")).withRootPath(host.resolve("root"))
        .withUdevDataPath(host.resolve("udev")))) {
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
          scrape_configs:
            - job_name: agent
              static_configs:
                - targets: ['127.0.0.1:%d']
          """.formatted(agent.port()));
      int port = freePort();
      Process prometheus = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
          "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("data"))
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        String base = "http://127.0.0.1:" + port;
        String up = awaitResult(base, "up == 1");
        assertThat(up).contains("\"job\":\"agent\"");
        assertThat(query(base, "node_memory_MemTotal_bytes")).contains("\"8192000000\"");
        assertThat(query(base, "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}")).contains("\"450\"");
        assertThat(query(base, "node_network_info")).contains("\"operstate\":\"up\"");
        assertThat(get(base + "/api/v1/targets")).contains("\"lastError\":\"\"").contains("\"health\":\"up\"");
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }

  private static String awaitResult(String base, String promql) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = query(base, promql);
        if (last.contains("\"result\":[{")) {
          return last;
        }
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no result for " + promql + ": " + last);
  }

  private static String query(String base, String promql) throws Exception {
    return get(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  private static String get(String url) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
