package io.bongsu.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTest {
  static Server server;
  static WebClient client;
  static Console console;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    console = Console.create(dir.resolve("dashboards"));
    ServerBuilder sb = Server.builder().http(0);
    console.mount(sb);
    server = sb.build();
    server.start().join();
    client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
  }

  @AfterAll
  static void stop() {
    server.stop().join();
  }

  private static AggregatedHttpResponse get(String path, String acceptEncoding) {
    RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.GET, path);
    if (acceptEncoding != null) {
      h.set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
    }
    return client.execute(h.build()).aggregate().join();
  }

  @Test
  void everyClientRouteServesThePageThatPointsAtThisBuildsAssets() {
    for (String path : List.of("/", "/explore", "/targets", "/status", "/explore/deep/link", "/dashboards")) {
      AggregatedHttpResponse r = get(path + "?q=up", null);
      assertThat(r.status().code()).as(path).isEqualTo(200);
      assertThat(r.contentType().toString()).startsWith("text/html");
      assertThat(r.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
      assertThat(r.contentUtf8()).contains(console.assetsPath() + "app.js")
          .contains(Console.UPLOT_PATH + "uPlot.iife.min.js").doesNotContain("{{");
    }
  }

  @Test
  void assetsAreCachedForeverUnderAContentHashAndGzipped() {
    AggregatedHttpResponse js = get(console.assetsPath() + "app.js", "gzip");
    assertThat(js.status().code()).isEqualTo(200);
    assertThat(js.headers().get(HttpHeaderNames.CACHE_CONTROL)).contains("immutable");
    assertThat(js.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    assertThat(js.contentType().subtype()).isEqualTo("javascript");

    AggregatedHttpResponse plain = get(console.assetsPath() + "app.css", null);
    assertThat(plain.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isNull();
    assertThat(plain.contentUtf8()).contains("--bg");
    assertThat(console.assetsPath()).matches("/assets/[0-9a-f]{12}/");
  }

  @Test
  void uplotComesFromItsWebJar() {
    AggregatedHttpResponse js = get(Console.UPLOT_PATH + "uPlot.iife.min.js", null);
    assertThat(js.status().code()).isEqualTo(200);
    assertThat(js.contentUtf8()).contains("uPlot");
    assertThat(get(Console.UPLOT_PATH + "uPlot.min.css", null).status().code()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndStaleAssetHashesAreNotFound() {
    assertThat(get("/assets/000000000000/app.js", null).status().code()).isEqualTo(404);
    assertThat(get(console.assetsPath() + "nope.js", null).status().code()).isEqualTo(404);
    assertThat(get("/nope", null).status().code()).isEqualTo(404);
  }

  @Test
  void scriptsAndStylesStayUnderHalfAMegabyteIncludingUplot() throws IOException {
    long total = Console.readStatic().entrySet().stream()
        .filter(e -> e.getKey().endsWith(".js") || e.getKey().endsWith(".css") || e.getKey().endsWith(".html"))
        .mapToLong(e -> e.getValue().length).sum();
    assertThat(total).as("our own scripts and styles").isGreaterThan(10_000);
    String uplot = "META-INF/resources/webjars/uplot/" + Console.UPLOT_VERSION + "/dist/";
    total += size(uplot + "uPlot.iife.min.js") + size(uplot + "uPlot.min.css");
    assertThat(total).isLessThan(500_000);
  }

  @Test
  void everyModuleImportNamesAServedFile() throws IOException {
    Map<String, byte[]> files = Console.readStatic();
    Pattern imports = Pattern.compile("(?:from |import\\()\\s*'\\./([\\w.-]+)'");
    int seen = 0;
    for (var e : files.entrySet()) {
      if (!e.getKey().endsWith(".js")) {
        continue;
      }
      Matcher m = imports.matcher(new String(e.getValue(), StandardCharsets.UTF_8));
      while (m.find()) {
        assertThat(files).as(e.getKey() + " imports " + m.group(1)).containsKey(m.group(1));
        seen++;
      }
    }
    assertThat(seen).isGreaterThan(20);
  }

  private static long size(String resource) throws IOException {
    try (InputStream in = Console.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return in.readAllBytes().length;
    }
  }

  private static AggregatedHttpResponse send(HttpMethod method, String path, String body) {
    return client.execute(RequestHeaders.of(method, path, HttpHeaderNames.CONTENT_TYPE, "application/json"),
        body).aggregate().join();
  }

  @Test
  void dashboardsAreSavedListedReadAndDeleted() {
    String base = "/api/console/dashboards";
    assertThat(send(HttpMethod.PUT, base + "/team-a", "{\"title\":\"Team A\",\"tags\":[\"t\"],\"panels\":[]}")
        .status().code()).isEqualTo(200);
    assertThat(get(base, null).contentUtf8())
        .contains("\"uid\":\"host-overview\"").contains("\"builtIn\":true")
        .contains("\"uid\":\"bongsu-self-monitoring\"")
        .contains("\"uid\":\"team-a\"").contains("\"title\":\"Team A\"");
    assertThat(get(base + "/team-a", null).contentUtf8()).contains("\"uid\":\"team-a\"").contains("Team A");
    assertThat(dir.resolve("dashboards").resolve("team-a.json")).exists();
    assertThat(send(HttpMethod.DELETE, base + "/team-a", "").status().code()).isEqualTo(204);
    assertThat(get(base + "/team-a", null).status().code()).isEqualTo(404);
  }

  @Test
  void builtInHostOverviewIsServedAndProtected() {
    String base = "/api/console/dashboards/host-overview";
    assertThat(get(base, null).contentUtf8()).contains("Host overview").contains("node_cpu_seconds_total");
    AggregatedHttpResponse r = send(HttpMethod.PUT, base, "{\"title\":\"mine\"}");
    assertThat(r.status().code()).isEqualTo(403);
    assertThat(r.contentUtf8()).contains("built in");
    assertThat(send(HttpMethod.DELETE, base, "").status().code()).isEqualTo(403);
  }

  @Test
  void badDashboardsAreRefusedWithAMessage() {
    String base = "/api/console/dashboards/";
    assertThat(send(HttpMethod.PUT, base + "x", "{not json").contentUtf8()).contains("not valid JSON");
    assertThat(send(HttpMethod.PUT, base + "x", "[1]").contentUtf8()).contains("JSON object");
    assertThat(send(HttpMethod.PUT, base + "x", "{\"panels\":[]}").contentUtf8()).contains("title");
    assertThat(send(HttpMethod.PUT, base + "x", "{\"title\":\"t\",\"panels\":{}}").contentUtf8()).contains("panels");
    AggregatedHttpResponse badUid = send(HttpMethod.PUT, base + "a.b", "{\"title\":\"t\"}");
    assertThat(badUid.status().code()).isEqualTo(400);
    assertThat(get(base + "..%2Fsecret", null).status().code()).isIn(400, 404);
  }
}
