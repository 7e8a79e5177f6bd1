package io.bongsu.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.PrometheusConfig;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeManagerTest {
  /** What each path serves: body, content type, gzip, delay, status. */
  record Response(String body, String contentType, boolean gzip, long delayMillis, int status) {
    static Response text(String body) {
      return new Response(body, "text/plain; version=0.0.4", false, 0, 200);
    }
  }

  private final Map<String, Response> responses = new ConcurrentHashMap<>();
  private final Map<String, com.sun.net.httpserver.Headers> requests = new ConcurrentHashMap<>();
  private HttpServer server;
  private String address;
  private MemoryStorage storage;
  private ScrapeManager manager;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", this::serve);
    server.start();
    address = "127.0.0.1:" + server.getAddress().getPort();
    storage = new MemoryStorage();
    manager = new ScrapeManager(storage, java.time.Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    manager.close();
    server.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    requests.put(ex.getRequestURI().getPath(), ex.getRequestHeaders());
    Response r = responses.get(ex.getRequestURI().getPath());
    if (r == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    try {
      Thread.sleep(r.delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = r.body.getBytes(StandardCharsets.UTF_8);
    if (r.gzip) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
        gz.write(body);
      }
      body = bos.toByteArray();
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    ex.getResponseHeaders().set("Content-Type", r.contentType);
    try {
      ex.sendResponseHeaders(r.status, body.length == 0 ? -1 : body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    } catch (IOException clientGone) {
      ex.close();
    }
  }

  private void apply(String scrapeConfigs) {
    manager.apply(PrometheusConfig.parse("scrape_configs:\n" + scrapeConfigs.replace("ADDR", address), null));
  }

  private static String job(String name, String path, String extra) {
    return "- job_name: " + name + "\n  scrape_interval: 1s\n  scrape_timeout: 500ms\n  metrics_path: " + path
        + "\n" + extra + "  static_configs:\n  - targets: ['ADDR']\n";
  }

  private List<double[]> samples(String... matchers) {
    List<LabelMatcher> ms = new ArrayList<>();
    for (int i = 0; i < matchers.length; i += 2) {
      ms.add(LabelMatcher.eq(matchers[i], matchers[i + 1]));
    }
    List<double[]> out = new ArrayList<>();
    for (Series s : storage.querier(Long.MIN_VALUE, Long.MAX_VALUE).select(ms)) {
      SampleIterator it = s.iterator();
      while (it.next()) {
        out.add(new double[] {it.timestamp(), it.value()});
      }
    }
    return out;
  }

  private List<Labels> series(String... matchers) {
    List<LabelMatcher> ms = new ArrayList<>();
    for (int i = 0; i < matchers.length; i += 2) {
      ms.add(LabelMatcher.eq(matchers[i], matchers[i + 1]));
    }
    List<Labels> out = new ArrayList<>();
    storage.querier(Long.MIN_VALUE, Long.MAX_VALUE).select(ms).forEach(s -> out.add(s.labels()));
    return out;
  }

  private Double last(String... matchers) {
    List<double[]> s = samples(matchers);
    return s.isEmpty() ? null : s.get(s.size() - 1)[1];
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private TargetStatus target(String pool) {
    return manager.activeTargets().stream().filter(t -> t.scrapePool().equals(pool)).findFirst().orElseThrow();
  }

  @Test
  void scrapesTextFormatWithTargetLabelsReportSeriesAndMetadata() throws Exception {
    responses.put("/metrics", Response.text(
        "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n"
            + "http_requests_total{path=\"/x\"} 3\nplain 1.5\n"));
    apply(job("text", "/metrics", ""));
    await("first scrape", () -> last("__name__", "up", "job", "text") != null);
    assertThat(last("__name__", "up", "job", "text")).isEqualTo(1.0);
    assertThat(series("__name__", "http_requests_total")).containsExactly(Labels.of(
        "__name__", "http_requests_total", "instance", address, "job", "text", "path", "/x"));
    assertThat(last("__name__", "http_requests_total")).isEqualTo(3.0);
    assertThat(last("__name__", "scrape_samples_scraped")).isEqualTo(2.0);
    assertThat(last("__name__", "scrape_samples_post_metric_relabeling")).isEqualTo(2.0);
    assertThat(samples("__name__", "scrape_series_added").get(0)[1]).isEqualTo(2.0);
    assertThat(last("__name__", "scrape_duration_seconds")).isPositive();

    var headers = requests.get("/metrics");
    assertThat(headers.getFirst("Accept")).startsWith("application/openmetrics-text;version=1.0.0");
    assertThat(headers.getFirst("Accept-Encoding")).isEqualTo("gzip");
    assertThat(headers.getFirst("X-Prometheus-Scrape-Timeout-Seconds")).isEqualTo("0.5");

    TargetStatus t = target("text");
    assertThat(t.health()).isEqualTo("up");
    assertThat(t.lastError()).isEmpty();
    assertThat(t.scrapeUrl()).isEqualTo("http://" + address + "/metrics");
    assertThat(t.labels()).isEqualTo(Labels.of("instance", address, "job", "text"));
    assertThat(t.discoveredLabels().get("__address__")).isEqualTo(address);
    assertThat(t.scrapeInterval()).isEqualTo("1s");
    assertThat(t.scrapeTimeout()).isEqualTo("500ms");
    assertThat(t.lastScrape()).isNotNull();
    assertThat(manager.metadata().get("http_requests_total"))
        .containsExactly(new MetricMetadata("counter", "Requests.", ""));
  }

  @Test
  void scrapesGzippedOpenMetricsHonoringTimestamps() throws Exception {
    responses.put("/om", new Response(
        "# TYPE temp gauge\n# UNIT temp celsius\ntemp{room=\"a\"} 21.5 1700000000.250\n"
            + "# TYPE req counter\nreq_total 7 # {trace_id=\"abc\"} 1\n# EOF\n",
        "application/openmetrics-text; version=1.0.0; charset=utf-8", true, 0, 200));
    apply(job("om", "/om", ""));
    await("first scrape", () -> last("__name__", "up", "job", "om") != null);
    assertThat(last("__name__", "up", "job", "om")).isEqualTo(1.0);
    assertThat(samples("__name__", "temp").get(0)).containsExactly(1700000000250.0, 21.5);
    assertThat(last("__name__", "req_total")).isEqualTo(7.0);
    assertThat(manager.metadata().get("temp")).containsExactly(new MetricMetadata("gauge", "", "celsius"));
  }

  @Test
  void honorTimestampsFalseUsesScrapeTime() throws Exception {
    responses.put("/metrics", Response.text("old 1 1000\n"));
    apply(job("t", "/metrics", "  honor_timestamps: false\n"));
    await("first scrape", () -> last("__name__", "old") != null);
    assertThat(samples("__name__", "old").get(0)[0]).isGreaterThan(1_600_000_000_000.0);
  }

  @Test
  void slowTargetTimesOutAndIsDown() throws Exception {
    responses.put("/slow", new Response("x 1\n", "text/plain", false, 2000, 200));
    apply(job("slow", "/slow", ""));
    // the target's status is published just after its up sample, so wait for both
    await("failed scrape", () -> last("__name__", "up", "job", "slow") != null
        && "down".equals(target("slow").health()));
    assertThat(last("__name__", "up", "job", "slow")).isEqualTo(0.0);
    assertThat(target("slow").health()).isEqualTo("down");
    assertThat(target("slow").lastError()).contains("context deadline exceeded");
    assertThat(samples("__name__", "x")).isEmpty();
  }

  @Test
  void bodyOverTheLimitFailsTheScrapeEvenWhenGzipped() throws Exception {
    String big = "big_metric{l=\"" + "x".repeat(4000) + "\"} 1\n";
    responses.put("/plain", Response.text(big));
    responses.put("/gz", new Response(big, "text/plain", true, 0, 200));
    apply(job("plain", "/plain", "  body_size_limit: 1KB\n") + job("gz", "/gz", "  body_size_limit: 1KB\n"));
    await("failed scrapes", () -> last("__name__", "up", "job", "plain") != null
        && last("__name__", "up", "job", "gz") != null);
    assertThat(last("__name__", "up", "job", "plain")).isEqualTo(0.0);
    assertThat(last("__name__", "up", "job", "gz")).isEqualTo(0.0);
    assertThat(target("plain").lastError()).isEqualTo("body size limit exceeded");
    assertThat(target("gz").lastError()).isEqualTo("body size limit exceeded");
    assertThat(samples("__name__", "big_metric")).isEmpty();
  }

  @Test
  void exceedingTheSampleLimitFailsTheWholeScrape() throws Exception {
    responses.put("/metrics", Response.text("a 1\nb 2\nc 3\n"));
    apply(job("limited", "/metrics", "  sample_limit: 2\n"));
    await("failed scrape", () -> last("__name__", "up") != null);
    assertThat(last("__name__", "up")).isEqualTo(0.0);
    assertThat(target("limited").lastError()).isEqualTo("sample limit exceeded");
    assertThat(samples("__name__", "a")).isEmpty();
    assertThat(last("__name__", "scrape_samples_scraped")).isEqualTo(3.0);
    assertThat(last("__name__", "scrape_samples_post_metric_relabeling")).isEqualTo(3.0);
    assertThat(last("__name__", "scrape_series_added")).isEqualTo(0.0);
  }

  @Test
  void parseErrorsFailTheScrapeWithTheLine() throws Exception {
    responses.put("/metrics", Response.text("ok 1\nbroken{ 2\n"));
    apply(job("bad", "/metrics", ""));
    await("failed scrape", () -> last("__name__", "up") != null);
    assertThat(last("__name__", "up")).isEqualTo(0.0);
    assertThat(target("bad").lastError()).startsWith("line 2: ");
    assertThat(samples("__name__", "ok")).isEmpty();
  }

  @Test
  void conflictingLabelsAreExportedUnlessHonored() throws Exception {
    // Expected labels as Prometheus 2.42 stores them for the same body.
    responses.put("/metrics", Response.text("m{job=\"theirs\",instance=\"i\",exported_job=\"e\"} 1\n"));
    apply(job("ours", "/metrics", "") + job("honored", "/metrics", "  honor_labels: true\n"));
    await("both scrapes", () -> series("__name__", "m").size() == 2);
    assertThat(series("__name__", "m")).containsExactlyInAnyOrder(
        Labels.of("__name__", "m", "job", "ours", "instance", address, "exported_job", "e",
            "exported_exported_job", "theirs", "exported_instance", "i"),
        Labels.of("__name__", "m", "job", "theirs", "instance", "i", "exported_job", "e"));
  }

  @Test
  void metricRelabelingDropsAndRewritesSeries() throws Exception {
    responses.put("/metrics", Response.text("go_gc 1\nkeep_me{a=\"1\"} 2\n"));
    apply(job("mr", "/metrics", """
          metric_relabel_configs:
          - source_labels: [__name__]
            regex: go_.*
            action: drop
          - source_labels: [a]
            target_label: b
        """));
    await("first scrape", () -> last("__name__", "up") != null);
    assertThat(samples("__name__", "go_gc")).isEmpty();
    assertThat(series("__name__", "keep_me").get(0).get("b")).isEqualTo("1");
    assertThat(last("__name__", "scrape_samples_scraped")).isEqualTo(2.0);
    assertThat(last("__name__", "scrape_samples_post_metric_relabeling")).isEqualTo(1.0);
  }

  @Test
  void disappearingSeriesAndFailedScrapesGetStaleMarkers() throws Exception {
    responses.put("/metrics", Response.text("stays 1\ngoes 2\n"));
    apply(job("stale", "/metrics", ""));
    await("first scrape", () -> last("__name__", "goes") != null);
    responses.put("/metrics", Response.text("stays 1\n"));
    await("stale marker for goes", () -> StaleMarker.is(last("__name__", "goes")));
    assertThat(last("__name__", "stays")).isEqualTo(1.0);
    assertThat(samples("__name__", "stays")).noneMatch(s -> StaleMarker.is(s[1]));
    responses.put("/metrics", new Response("", "text/plain", false, 0, 500));
    await("stale marker for stays", () -> StaleMarker.is(last("__name__", "stays")));
    assertThat(last("__name__", "up")).isEqualTo(0.0);
    assertThat(target("stale").lastError()).isEqualTo("server returned HTTP status 500");
    int goesSamples = samples("__name__", "goes").size();
    responses.put("/metrics", Response.text("stays 5\n"));
    await("recovery", () -> Double.valueOf(5.0).equals(last("__name__", "stays")));
    assertThat(samples("__name__", "goes")).hasSize(goesSamples);
  }

  @Test
  void fileSdChangesArePickedUpAndRemovedTargetsGoStale(@TempDir Path dir) throws Exception {
    responses.put("/metrics", Response.text("fsd 1\n"));
    Path file = dir.resolve("targets.json");
    Files.writeString(file, "[{\"targets\": [\"" + address + "\"], \"labels\": {\"env\": \"test\"}}]");
    manager.apply(PrometheusConfig.parse("""
        scrape_configs:
        - job_name: files
          scrape_interval: 1s
          scrape_timeout: 500ms
          file_sd_configs:
          - files: ['*.json', '*.yml']
        """, dir));
    await("file target scraped", () -> last("__name__", "fsd") != null);
    assertThat(series("__name__", "fsd").get(0).get("env")).isEqualTo("test");
    TargetStatus t = target("files");
    assertThat(t.discoveredLabels().get("__meta_filepath")).isEqualTo(file.toString());

    Path yaml = dir.resolve("more.yml");
    Files.writeString(yaml, "- targets: ['localhost:" + server.getAddress().getPort() + "']\n");
    await("second file picked up", () -> manager.activeTargets().size() == 2);

    Files.writeString(file, "[]");
    Files.delete(yaml);
    await("targets gone", () -> manager.activeTargets().isEmpty());
    assertThat(StaleMarker.is(last("__name__", "up", "instance", address))).isTrue();
    assertThat(StaleMarker.is(last("__name__", "fsd", "instance", address))).isTrue();
  }

  @Test
  void reloadKeepsUnchangedPoolsAndStopsRemovedOnes() throws Exception {
    responses.put("/metrics", Response.text("r 1\n"));
    apply(job("a", "/metrics", "") + job("b", "/metrics", ""));
    await("both scraped", () -> last("__name__", "up", "job", "a") != null && last("__name__", "up", "job", "b") != null);
    apply(job("a", "/metrics", ""));
    assertThat(manager.activeTargets()).extracting(TargetStatus::scrapePool).containsExactly("a");
    // A restarted loop would report "unknown" until its first scrape.
    assertThat(target("a").health()).isEqualTo("up");
    assertThat(StaleMarker.is(last("__name__", "up", "job", "b"))).isTrue();
    assertThat(StaleMarker.is(last("__name__", "r", "job", "b"))).isTrue();
  }

  @Test
  void changedPoolKeepsItsSeriesCacheAcrossReload() throws Exception {
    responses.put("/metrics", Response.text("c1 1\nc2 2\n"));
    apply(job("c", "/metrics", ""));
    await("first scrape", () -> last("__name__", "c2") != null);
    responses.put("/metrics", Response.text("c1 1\n"));
    apply(job("c", "/metrics", "  sample_limit: 100\n"));
    await("stale marker after reload", () -> StaleMarker.is(last("__name__", "c2")));
    assertThat(last("__name__", "c1")).isEqualTo(1.0);
  }

  @Test
  void relabelDroppedTargetsAreListed() throws Exception {
    apply(job("d", "/metrics", "  relabel_configs:\n  - source_labels: [__address__]\n    regex: '127.*'\n    action: drop\n"));
    assertThat(manager.activeTargets()).isEmpty();
    assertThat(manager.droppedTargets()).singleElement()
        .satisfies(d -> assertThat(d.discoveredLabels().get("__address__")).isEqualTo(address));
  }

  @Test
  void exceedingTheTargetLimitFailsEveryTargetOfThePool() throws Exception {
    responses.put("/metrics", Response.text("tl 1\n"));
    apply("- job_name: tl\n  scrape_interval: 1s\n  scrape_timeout: 500ms\n  target_limit: 1\n"
        + "  static_configs:\n  - targets: ['ADDR', 'localhost:" + server.getAddress().getPort() + "']\n");
    await("failed scrapes", () -> samples("__name__", "up").size() >= 2);
    assertThat(samples("__name__", "up")).allMatch(s -> s[1] == 0.0);
    assertThat(manager.activeTargets()).hasSize(2).allSatisfy(t -> assertThat(t.lastError())
        .isEqualTo("target_limit exceeded (number of targets: 2, limit: 1)"));
    assertThat(samples("__name__", "tl")).isEmpty();
  }

  @Test
  void sendsBasicAuthFromAPasswordFileAndBearerTokens(@TempDir Path dir) throws Exception {
    responses.put("/basic", Response.text("a 1\n"));
    responses.put("/bearer", Response.text("b 1\n"));
    Files.writeString(dir.resolve("pw"), "s3cret\n");
    manager.apply(PrometheusConfig.parse(("""
        scrape_configs:
        - job_name: basic
          scrape_interval: 1s
          metrics_path: /basic
          basic_auth: {username: admin, password_file: pw}
          params: {module: [x]}
          static_configs: [{targets: ['ADDR']}]
        - job_name: bearer
          scrape_interval: 1s
          metrics_path: /bearer
          authorization: {credentials: tok}
          static_configs: [{targets: ['ADDR']}]
        """).replace("ADDR", address), dir));
    await("both scraped", () -> requests.containsKey("/basic") && requests.containsKey("/bearer"));
    assertThat(requests.get("/basic").getFirst("Authorization")).isEqualTo("Basic "
        + java.util.Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(requests.get("/bearer").getFirst("Authorization")).isEqualTo("Bearer tok");
    assertThat(target("basic").scrapeUrl()).isEqualTo("http://" + address + "/basic?module=x");
  }
}
