package io.bongsu.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.agent.AgentOptions;
import io.bongsu.agent.node.Fixtures;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AgentServerTest {
  private static AgentServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path host = Fixtures.host();
    server = AgentServer.start(AgentOptions.defaults()
        .withListenAddress("127.0.0.1:0")
        .withProcPath(host.resolve("proc"))
        .withSysPath(host.resolve("sys"))
        .withRootPath(host.resolve("root"))
        .withUdevDataPath(host.resolve("udev")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void metricsDefaultToTextFormat004() throws Exception {
    HttpResponse<byte[]> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    String body = text(r);
    assertThat(body).contains("# TYPE node_cpu_seconds_total counter\n", "node_memory_MemTotal_bytes 8.192e+09\n",
        "node_scrape_collector_success{collector=\"meminfo\"} 1\n", "node_scrape_collector_success{collector=\"timex\"} 0\n",
        "# TYPE node_exporter_build_info gauge\n");
    assertThat(body).doesNotContain("# EOF");
  }

  @Test
  void openMetricsWhenAcceptAsksForIt() throws Exception {
    HttpResponse<byte[]> r = get("/metrics", "Accept",
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text; version=1.0.0");
    String body = text(r);
    assertThat(body).endsWith("# EOF\n").contains("# TYPE node_cpu_seconds counter\n",
        "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 450\n");
  }

  @Test
  void gzipWhenAcceptEncodingAllowsIt() throws Exception {
    HttpResponse<byte[]> r = get("/metrics", "Accept-Encoding", "gzip, deflate");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(body).contains("node_load1 0.25\n");

    HttpResponse<byte[]> refused = get("/metrics", "Accept-Encoding", "gzip;q=0, identity");
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(text(refused)).contains("node_load1 0.25\n");
  }

  @Test
  void landingPageLinksToMetrics() throws Exception {
    HttpResponse<byte[]> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(text(r)).contains("href=\"/metrics\"");
  }

  @Test
  void unknownPathsAndMethodsAreRejected() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void disabledCollectorsAreLeftOutAndUnknownNamesRejected() throws Exception {
    Path host = Fixtures.host();
    AgentOptions options = AgentOptions.defaults().withListenAddress("127.0.0.1:0")
        .withProcPath(host.resolve("proc")).withSysPath(host.resolve("sys")).withRootPath(host.resolve("root"));
    try (AgentServer s = AgentServer.start(options.withDisabledCollectors(java.util.Set.of("meminfo", "timex")))) {
      String body = io.bongsu.exposition.write.TextFormatWriter.INSTANCE.write(s.scrape());
      assertThat(body).doesNotContain("node_memory_", "collector=\"timex\"").contains("node_load1 0.25");
    }
    assertThatThrownBy(() -> AgentServer.start(options.withDisabledCollectors(java.util.Set.of("nosuch"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch");
  }

  @Test
  void acceptEncodingParsing() {
    assertThat(AgentServer.acceptsGzip(null)).isFalse();
    assertThat(AgentServer.acceptsGzip(List.of("br"))).isFalse();
    assertThat(AgentServer.acceptsGzip(List.of("GZIP"))).isTrue();
    assertThat(AgentServer.acceptsGzip(List.of("*;q=0.5"))).isTrue();
    assertThat(AgentServer.acceptsGzip(List.of("gzip;q=0"))).isFalse();
  }
}
