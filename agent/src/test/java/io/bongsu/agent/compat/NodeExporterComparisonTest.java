package io.bongsu.agent.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.bongsu.agent.AgentOptions;
import io.bongsu.agent.http.AgentServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the real node_exporter (Debian's prometheus-node-exporter) next to the agent on this host
 * and compares what both expose. Skipped when the binary is absent, except on CI where its absence
 * is a failure.
 */
class NodeExporterComparisonTest {
  private static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Families whose HELP text must match exactly; hardware-specific collectors may differ in wording. */
  private static final List<String> CORE_PREFIXES = List.of("node_cpu_seconds", "node_memory_", "node_filesystem_", "node_disk_",
      "node_network_", "node_load", "node_boot_time", "node_netstat_", "node_vmstat_", "node_sockstat_", "node_time_", "node_uname",
      "node_os_", "node_scrape_");

  @Test
  void agentMatchesNodeExporterOnThisHost() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      if ("true".equals(System.getenv("CI"))) {
        fail(BINARY + " is required on CI for the node_exporter comparison");
      }
      Assumptions.abort(BINARY + " not installed");
    }
    int nePort = freePort();
    Process ne = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + nePort)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (AgentServer agent = AgentServer.start(AgentOptions.defaults().withListenAddress("127.0.0.1:0"))) {
      ParsedExposition theirs = ParsedExposition.parse(fetchWhenReady(nePort));
      ParsedExposition ours = ParsedExposition.parse(fetchWhenReady(agent.port()));

      List<String> theirFamilies = theirs.types.keySet().stream().filter(n -> n.startsWith("node_")).toList();
      List<String> missing = theirFamilies.stream().filter(n -> !ours.types.containsKey(n)).toList();
      double coverage = 1 - (double) missing.size() / theirFamilies.size();
      assertThat(coverage).as("family coverage; missing: %s", missing).isGreaterThanOrEqualTo(0.9);

      List<String> mismatches = new ArrayList<>();
      for (String family : theirFamilies) {
        if (!ours.types.containsKey(family)) {
          continue;
        }
        if (!theirs.types.get(family).equals(ours.types.get(family))) {
          mismatches.add(family + " type " + theirs.types.get(family) + " vs " + ours.types.get(family));
        }
        TreeSet<String> theirLabels = theirs.labelNames(family);
        TreeSet<String> ourLabels = ours.labelNames(family);
        if (!theirLabels.equals(ourLabels) && !family.equals("node_dmi_info") && !family.equals("node_power_supply_info")) {
          mismatches.add(family + " labels " + theirLabels + " vs " + ourLabels);
        }
        if (CORE_PREFIXES.stream().anyMatch(family::startsWith) && !theirs.helps.get(family).equals(ours.helps.get(family))) {
          mismatches.add(family + " help '" + theirs.helps.get(family) + "' vs '" + ours.helps.get(family) + "'");
        }
      }
      assertThat(mismatches).isEmpty();

      assertThat(ours.value("node_memory_MemTotal_bytes", Map.of())).isEqualTo(theirs.value("node_memory_MemTotal_bytes", Map.of()));
      assertThat(ours.value("node_boot_time_seconds", Map.of())).isEqualTo(theirs.value("node_boot_time_seconds", Map.of()));
      List<ParsedExposition.Series> sizes = theirs.samples("node_filesystem_size_bytes");
      assertThat(sizes).isNotEmpty();
      for (ParsedExposition.Series s : sizes) {
        assertThat(ours.value("node_filesystem_size_bytes", s.labels())).as("size of %s", s.labels()).isEqualTo(s.value());
        assertThat(ours.value("node_filesystem_files", s.labels())).as("inodes of %s", s.labels())
            .isEqualTo(theirs.value("node_filesystem_files", s.labels()));
      }
      for (ParsedExposition.Series s : theirs.samples("node_cpu_seconds_total")) {
        assertThat(ours.value("node_cpu_seconds_total", s.labels())).as("series %s", s.labels()).isNotNull();
      }
      for (ParsedExposition.Series s : theirs.samples("node_network_receive_bytes_total")) {
        assertThat(ours.value("node_network_receive_bytes_total", s.labels())).as("series %s", s.labels()).isNotNull();
      }
    } finally {
      ne.destroy();
      if (!ne.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        ne.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String fetchWhenReady(int port) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(20)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no metrics from port " + port);
      }
      Thread.sleep(100);
    }
  }
}
