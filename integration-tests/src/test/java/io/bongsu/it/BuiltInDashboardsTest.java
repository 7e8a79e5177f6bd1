package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bongsu.app.BongsuServer;
import io.bongsu.app.ServerOptions;
import io.bongsu.promql.parser.PromqlParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel query of the built-in dashboards, as the console sends it, parses and returns data
 * from a server that scrapes itself and its embedded agent (every two seconds here, so rates
 * have points within seconds).
 */
class BuiltInDashboardsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static BongsuServer server;
  static PromApi api;

  @BeforeAll
  static void start() throws Exception {
    String web = "127.0.0.1:" + FreePort.next();
    String agent = "127.0.0.1:" + FreePort.next();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global: {scrape_interval: 2s, scrape_timeout: 2s}
        scrape_configs:
          - job_name: bongsu
            static_configs: [{targets: ['%s']}]
          - job_name: node
            static_configs: [{targets: ['%s']}]
        """.formatted(web, agent));
    ServerOptions d = ServerOptions.defaults();
    server = BongsuServer.start(new ServerOptions(config, dir.resolve("data/metrics"), web, null, agent,
        d.retentionTime(), d.retentionBytes(), d.outOfOrderWindow(), d.lookbackDelta(),
        d.queryTimeout(), d.queryMaxSamples(), null));
    api = new PromApi("http://" + web);
    // Three successful scrapes of each target, so every rate() has two points in its window.
    Eventually.value(Duration.ofSeconds(60), () ->
        api.query("sum_over_time(up[1m]) >= 3").path("result").size() == 2 ? true : null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void hostOverviewPanelsAllReturnData() throws Exception {
    assertEveryPanelReturnsData("host-overview", "node_uname_info");
  }

  @Test
  void selfMonitoringPanelsAllReturnData() throws Exception {
    assertEveryPanelReturnsData("bongsu-self-monitoring", "bongsu_build_info");
  }

  private static void assertEveryPanelReturnsData(String uid, String instanceMetric) throws Exception {
    JsonNode dashboard = JSON.readTree(api.raw(HttpRequest.newBuilder(
        URI.create(api.base() + "/api/console/dashboards/" + uid)).build()).body());
    assertThat(dashboard.path("templating").path("list").get(0).path("query").asText())
        .isEqualTo("label_values(" + instanceMetric + ", instance)");
    String instance = api.get("/api/v1/label/instance/values", "match[]", instanceMetric).get(0).asText();

    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(p -> {
      panels.add(p);
      p.path("panels").forEach(panels::add);
    });
    int queries = 0;
    long end = System.currentTimeMillis() / 1000;
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        // Interpolated as the console does for a 5 s step and a short scrape interval.
        String expr = target.path("expr").asText()
            .replace("$__rate_interval", "1m").replace("$__interval", "5s")
            .replace("${instance}", instance).replace("$instance", instance);
        String what = uid + " / " + panel.path("title").asText() + ": " + expr;
        assertThatCode(() -> PromqlParser.parse(expr)).as(what).doesNotThrowAnyException();
        JsonNode result = api.get("/api/v1/query_range", "query", expr,
            "start", Long.toString(end - 60), "end", Long.toString(end), "step", "5").path("result");
        assertThat(result.size()).as(what).isPositive();
        queries++;
      }
    }
    assertThat(queries).as(uid + " queries").isGreaterThanOrEqualTo(12);
  }
}
