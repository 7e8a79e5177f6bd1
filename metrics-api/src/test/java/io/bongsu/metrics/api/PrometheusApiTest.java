package io.bongsu.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.ingest.remotewrite.WriteRequestEncoder;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusApiTest {
  private static final long NOW = 1_435_781_451_781L;
  private static final MemoryStorage storage = new MemoryStorage();
  private static final StubEngine engine = new StubEngine();
  private static final AtomicInteger reloads = new AtomicInteger();
  private static final HttpClient client = HttpClient.newHttpClient();
  private static Server server;
  private static Server bare;

  @BeforeAll
  static void start() {
    storage.add(Labels.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"),
        1000, 1);
    storage.add(Labels.of("__name__", "up", "job", "node", "instance", "localhost:9091"),
        1000, 0);
    storage.add(Labels.of("__name__", "process_start_time_seconds", "job", "prometheus",
        "instance", "localhost:9090"), 1000, 1.4e9);
    PrometheusApi api = PrometheusApi.builder(storage, engine)
        .clock(() -> NOW)
        .targets(new TargetSource() {
          @Override
          public List<Active> activeTargets() {
            return List.of(new Active(
                Labels.of("__address__", "127.0.0.1:9090", "__metrics_path__", "/metrics",
                    "__scheme__", "http", "job", "prometheus"),
                Labels.of("instance", "127.0.0.1:9090", "job", "prometheus"),
                "prometheus", "http://127.0.0.1:9090/metrics",
                "http://example-prometheus:9090/metrics", "",
                Instant.parse("2017-01-17T15:07:44.723715405Z"), 0.050688943, "up", "1m",
                "10s"));
          }

          @Override
          public List<Dropped> droppedTargets() {
            return List.of(new Dropped(Labels.of("__address__", "127.0.0.1:9100",
                "__metrics_path__", "/metrics", "__scheme__", "http", "job", "node")));
          }
        })
        .metadata(() -> List.of(
            new MetadataSource.Entry(Labels.of("instance", "127.0.0.1:9090", "job", "prometheus"),
                "go_threads", "gauge", "Number of OS threads created.", ""),
            new MetadataSource.Entry(Labels.of("instance", "127.0.0.1:9091", "job", "node"),
                "go_threads", "gauge", "Number of OS threads created.", ""),
            new MetadataSource.Entry(Labels.of("instance", "127.0.0.1:9090", "job", "prometheus"),
                "http_requests_total", "counter", "Requests <served>.", "")))
        .config(() -> "global:\n  scrape_interval: 15s\n")
        .flags(() -> Map.of("web.enable-lifecycle", "true", "config.file", "prometheus.yml"))
        .tsdbStats(() -> new TsdbStatsSource.TsdbStats(
            new TsdbStatsSource.HeadStats(508, 1234, 937, 1591516800000L, 1598896800143L),
            List.of(new TsdbStatsSource.Stat("net_conntrack_dialer_conn_failed_total", 20)),
            List.of(new TsdbStatsSource.Stat("__name__", 211)),
            List.of(new TsdbStatsSource.Stat("__name__", 8266)),
            List.of(new TsdbStatsSource.Stat("job=prometheus", 425))))
        .buildInfo(new BuildInfo("2.42.0", "abc", "main", "bongsu", "20261124-03:00:00",
            "java17"))
        .runtimeInfo(() -> new RuntimeInfo(Instant.parse("2019-11-02T17:23:59.301361365Z"),
            "/", true, Instant.parse("2019-11-02T17:23:59Z"), 0, 48, 4, "", "", "15d"))
        .reload(() -> {
          if (reloads.incrementAndGet() > 1) {
            throw new IllegalStateException("bad config");
          }
        })
        .maxRemoteWriteBytes(64 * 1024)
        .build();
    ServerBuilder sb = Server.builder().http(0);
    api.mount(sb);
    server = sb.build();
    server.start().join();
    ServerBuilder bareBuilder = Server.builder().http(0);
    PrometheusApi.builder(storage, engine).ready(() -> false).build().mount(bareBuilder);
    bare = bareBuilder.build();
    bare.start().join();
  }

  @AfterAll
  static void stop() {
    server.stop().join();
    bare.stop().join();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return get(server, pathAndQuery);
  }

  private static HttpResponse<String> get(Server s, String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(s, pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String contentType, byte[] body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(Server s, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + s.activeLocalPort() + pathAndQuery);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void assertJson(HttpResponse<String> r, int status, String body) {
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
  }

  private static void assertBadData(HttpResponse<String> r, String error) {
    assertJson(r, 400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":" + quote(error) + "}");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // --- format_query and parse_query ---

  @Test
  void formatQueryPrintsTheCanonicalFormAsPrometheus242Does() throws Exception {
    assertJson(get("/api/v1/format_query?query=" + enc("foo offset 1h30m @ 100")), 200,
        "{\"status\":\"success\",\"data\":\"foo @ 100.000 offset 1h30m\"}");
    assertJson(post("/api/v1/format_query", "application/x-www-form-urlencoded",
            ("query=" + enc("sum by() (rate(x[90s]))")).getBytes(StandardCharsets.UTF_8)), 200,
        "{\"status\":\"success\",\"data\":\"sum(rate(x[1m30s]))\"}");
  }

  @Test
  void formatQuerySplitsExpressionsLongerThanALine() throws Exception {
    // Output of Prometheus 2.42 for the same query.
    String q = "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m])) by (instance)"
        + " / on(instance) group_left(version) sum by(instance)(rate(http_requests_total[5m]))"
        + " * on(instance) group_left build_info";
    assertJson(get("/api/v1/format_query?query=" + enc(q)), 200,
        "{\"status\":\"success\",\"data\":\""
            + "    sum by (instance) (rate(http_requests_total{code=~\\\"5..\\\",job=\\\"api\\\"}[5m]))\\n"
            + "  / on (instance) group_left (version)\\n"
            + "    sum by (instance) (rate(http_requests_total[5m]))\\n"
            + "* on (instance) group_left ()\\n"
            + "  build_info\"}");
    assertJson(get("/api/v1/format_query?query=" + enc("-topk by (a) (2, rate(x{a!~\"b\"}[5m] @"
            + " start() offset 1m)) > bool on() group_left (c) max_over_time((y)[10m:1m] @ 100)")),
        200, "{\"status\":\"success\",\"data\":\"  -topk by (a) (2, rate(x{a!~\\\"b\\\"}[5m] @ start()"
            + " offset 1m))\\n\\u003e bool on () group_left (c)\\n"
            + "  max_over_time((y)[10m:1m] @ 100.000)\"}");
  }

  @Test
  void formatQueryRejectsInvalidQueriesAsBadData() throws Exception {
    assertBadData(get("/api/v1/format_query?query=" + enc("up +")),
        "invalid parameter \"query\": 1:5: parse error: unexpected end of input");
    assertBadData(get("/api/v1/format_query"),
        "invalid parameter \"query\": 1:1: parse error: no expression found in input");
  }

  @Test
  void parseQueryReturnsTheTreeInPrometheusShape() throws Exception {
    String selector = "{\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"%s\"}],"
        + "\"name\":\"%s\",\"offset\":0,\"startOrEnd\":null,\"timestamp\":null,"
        + "\"type\":\"vectorSelector\"}";
    assertJson(get("/api/v1/parse_query?query=" + enc("foo/bar")), 200,
        "{\"status\":\"success\",\"data\":{\"bool\":false,\"lhs\":"
            + selector.formatted("foo", "foo")
            + ",\"matching\":{\"card\":\"one-to-one\",\"include\":[],\"labels\":[],\"on\":false},"
            + "\"op\":\"/\",\"rhs\":" + selector.formatted("bar", "bar")
            + ",\"type\":\"binaryExpr\"}}");
  }

  @Test
  void parseQueryWritesEveryNodeKind() throws Exception {
    assertJson(get("/api/v1/parse_query?query=" + enc(
            "-topk by (a) (2, rate(x{a!~\"b\"}[5m] @ start() offset 1m))"
                + " > bool on() group_left (c) max_over_time((y)[10m:1m] @ 100)")), 200,
        "{\"status\":\"success\",\"data\":{\"bool\":true,\"lhs\":{\"expr\":{\"expr\":"
            + "{\"args\":[{\"matchers\":[{\"name\":\"a\",\"type\":\"!~\",\"value\":\"b\"},"
            + "{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"x\"}],\"name\":\"x\","
            + "\"offset\":60000,\"range\":300000,\"startOrEnd\":\"start\",\"timestamp\":null,"
            + "\"type\":\"matrixSelector\"}],\"func\":{\"argTypes\":[\"matrix\"],"
            + "\"name\":\"rate\",\"returnType\":\"vector\",\"variadic\":0},\"type\":\"call\"},"
            + "\"grouping\":[\"a\"],\"op\":\"topk\",\"param\":{\"type\":\"numberLiteral\","
            + "\"val\":\"2\"},\"type\":\"aggregation\",\"without\":false},\"op\":\"-\","
            + "\"type\":\"unaryExpr\"},\"matching\":{\"card\":\"many-to-one\",\"include\":"
            + "[\"c\"],\"labels\":[],\"on\":true},\"op\":\"\\u003e\",\"rhs\":{\"args\":[{\"expr\":"
            + "{\"expr\":" + "{\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"y\"}],"
            + "\"name\":\"y\",\"offset\":0,\"startOrEnd\":null,\"timestamp\":null,"
            + "\"type\":\"vectorSelector\"},\"type\":\"parenExpr\"},\"offset\":0,\"range\":600000,"
            + "\"startOrEnd\":null,\"step\":60000,\"timestamp\":100000,\"type\":\"subquery\"}],"
            + "\"func\":{\"argTypes\":[\"matrix\"],\"name\":\"max_over_time\",\"returnType\":"
            + "\"vector\",\"variadic\":0},\"type\":\"call\"},\"type\":\"binaryExpr\"}}");
  }

  // --- queries ---

  @Test
  void instantQueryReturnsAVectorInPrometheusShape() throws Exception {
    assertJson(get("/api/v1/query?query=up&time=2015-07-01T20:10:51.781Z"), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"localhost:9090\","
            + "\"job\":\"prometheus\"},\"value\":[1435781451.781,\"1\"]},"
            + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"localhost:9091\","
            + "\"job\":\"node\"},\"value\":[1435781451.781,\"0\"]}]}}");
  }

  @Test
  void instantQueryWithoutTimeUsesNow() throws Exception {
    assertJson(get("/api/v1/query?query=1%2B1"), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
            + "\"result\":[1435781451.781,\"2\"]}}");
  }

  @Test
  void instantQueryAcceptsAPostedForm() throws Exception {
    byte[] form = ("query=" + enc("\"hello\"") + "&time=1435781451.5")
        .getBytes(StandardCharsets.UTF_8);
    assertJson(post("/api/v1/query", "application/x-www-form-urlencoded", form), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
            + "\"result\":[1435781451.5,\"hello\"]}}");
  }

  @Test
  void specialAndExtremeValuesAreFormattedAsPrometheus() throws Exception {
    assertJson(get("/api/v1/query?query=values&time=10"), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"v\":\"nan\"},\"value\":[10,\"NaN\"]},"
            + "{\"metric\":{\"v\":\"inf\"},\"value\":[10,\"+Inf\"]},"
            + "{\"metric\":{\"v\":\"big\"},\"value\":[10,\"1e+21\"]},"
            + "{\"metric\":{\"v\":\"small\"},\"value\":[10,\"1.5e-07\"]}]}}");
  }

  @Test
  void scalarsUseFixedNotationAndPlainFloatTimesAsPrometheus2() throws Exception {
    assertJson(get("/api/v1/query?query=big_scalar&time=1435781451.5"), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
            + "\"result\":[1435781451.5,\"1000000000000000000000\"]}}");
  }

  @Test
  void rangeQueryReturnsAMatrixInPrometheusShape() throws Exception {
    assertJson(get("/api/v1/query_range?query=up&start=2015-07-01T20:10:30.781Z"
            + "&end=2015-07-01T20:11:00.781Z&step=15s"), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"localhost:9090\","
            + "\"job\":\"prometheus\"},\"values\":[[1435781430.781,\"1\"],"
            + "[1435781445.781,\"1\"],[1435781460.781,\"1\"]]},"
            + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"localhost:9091\","
            + "\"job\":\"node\"},\"values\":[[1435781430.781,\"0\"],"
            + "[1435781445.781,\"0\"],[1435781460.781,\"0\"]]}]}}");
    assertThat(engine.lastStep).isEqualTo(15_000);
  }

  @Test
  void rangeQueryAcceptsStepAsFloatSeconds() throws Exception {
    HttpResponse<String> r = get("/api/v1/query_range?query=up&start=0&end=1&step=0.5");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(engine.lastStep).isEqualTo(500);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "/api/v1/query?query=up&time=abc|"
        + "invalid parameter \"time\": Invalid time value for 'time': "
        + "cannot parse \"abc\" to a valid timestamp",
    "/api/v1/query?query=up&timeout=soon|"
        + "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration",
    "/api/v1/query?query=nonsense(|"
        + "invalid parameter \"query\": 1:1: parse error: unexpected query nonsense(",
    "/api/v1/query_range?query=up&end=10&step=1|"
        + "invalid parameter \"start\": cannot parse \"\" to a valid timestamp",
    "/api/v1/query_range?query=up&start=10&end=x&step=1|"
        + "invalid parameter \"end\": cannot parse \"x\" to a valid timestamp",
    "/api/v1/query_range?query=up&start=10&end=5&step=1|"
        + "invalid parameter \"end\": end timestamp must not be before start time",
    "/api/v1/query_range?query=up&start=0&end=5&step=0|"
        + "invalid parameter \"step\": zero or negative query resolution step widths are not"
        + " accepted. Try a positive integer",
    "/api/v1/query_range?query=up&start=0&end=5&step=-1s|"
        + "invalid parameter \"step\": cannot parse \"-1s\" to a valid duration",
    "/api/v1/query_range?query=up&start=0&end=5&step=-1|"
        + "invalid parameter \"step\": zero or negative query resolution step widths are not"
        + " accepted. Try a positive integer",
    "/api/v1/query_range?query=up&start=0&end=5|"
        + "invalid parameter \"step\": cannot parse \"\" to a valid duration",
    "/api/v1/query_range?query=up&start=0&end=11001&step=1|"
        + "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the"
        + " query resolution (?step=XX)",
    "/api/v1/query_range?query=nonsense(&start=0&end=5&step=1|"
        + "1:1: parse error: unexpected query nonsense(",
  })
  void badQueryParametersAreBadData(String pathAndQuery, String error) throws Exception {
    assertBadData(get(pathAndQuery.replace("(", "%28")), error);
  }

  @Test
  void elevenThousandPointsAreStillAllowed() throws Exception {
    assertThat(get("/api/v1/query_range?query=up&start=0&end=11000&step=1").statusCode())
        .isEqualTo(200);
  }

  @Test
  void largeResponsesAreGzippedWhenTheClientAsks() throws Exception {
    String path = "/api/v1/query_range?query=up&start=0&end=1000&step=1";
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri(server, path))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(get(path).body());
    }
  }

  @Test
  void executionErrorsAre422() throws Exception {
    assertJson(get("/api/v1/query?query=fails"), 422,
        "{\"status\":\"error\",\"errorType\":\"execution\","
            + "\"error\":\"expanding series: too many samples\"}");
  }

  @Test
  void queriesOverTheirTimeoutAre503() throws Exception {
    assertJson(get("/api/v1/query?query=slow&timeout=50ms"), 503,
        "{\"status\":\"error\",\"errorType\":\"timeout\","
            + "\"error\":\"query timed out in expression evaluation\"}");
    for (int i = 0; i < 100 && !engine.slowQueryInterrupted; i++) {
      Thread.sleep(10);
    }
    assertThat(engine.slowQueryInterrupted).isTrue();
  }

  @Test
  void exemplarQueriesAnswerAnEmptyListAndValidateParameters() throws Exception {
    assertJson(get("/api/v1/query_exemplars?query=up&start=0&end=10"), 200,
        "{\"status\":\"success\",\"data\":[]}");
    assertBadData(get("/api/v1/query_exemplars?query=up&start=10&end=0"),
        "end timestamp must not be before start timestamp");
    assertBadData(get("/api/v1/query_exemplars?start=0"),
        "1:1: parse error: no expression found in input");
  }

  // --- series and labels ---

  @Test
  void seriesUnionsEveryMatchSetInLabelOrder() throws Exception {
    assertJson(get("/api/v1/series?match[]=up&match[]="
            + enc("process_start_time_seconds{job=\"prometheus\"}")), 200,
        "{\"status\":\"success\",\"data\":["
            + "{\"__name__\":\"process_start_time_seconds\",\"instance\":\"localhost:9090\","
            + "\"job\":\"prometheus\"},"
            + "{\"__name__\":\"up\",\"instance\":\"localhost:9090\",\"job\":\"prometheus\"},"
            + "{\"__name__\":\"up\",\"instance\":\"localhost:9091\",\"job\":\"node\"}]}");
  }

  @Test
  void seriesRespectsTheTimeRange() throws Exception {
    assertJson(get("/api/v1/series?match[]=up&start=2&end=3"), 200,
        "{\"status\":\"success\",\"data\":[]}");
  }

  @Test
  void seriesNeedsAValidMatch() throws Exception {
    assertBadData(get("/api/v1/series"), "no match[] parameter provided");
    assertBadData(get("/api/v1/series?match[]=" + enc("up{job=}")),
        "invalid parameter \"match[]\": 1:8: parse error: unexpected \"}\" in label matching,"
            + " expected string");
    assertBadData(get("/api/v1/series?match[]=" + enc("{a=\"\"}")),
        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
    assertBadData(get("/api/v1/series?match[]=up&start=yesterday"),
        "invalid parameter \"start\": Invalid time value for 'start': cannot parse"
            + " \"yesterday\" to a valid timestamp");
  }

  /** The messages Prometheus 2.42 gives for the same match[] selectors (checked against it). */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "''|1:1: parse error: unexpected end of input",
    "up{job=}|1:8: parse error: unexpected \"}\" in label matching, expected string",
    "up{a=\"b\"|1:9: parse error: unexpected end of input inside braces",
    "up{a~\"b\"}|1:5: parse error: unexpected character inside braces: '~'",
    "up{1a=\"b\"}|1:4: parse error: unexpected character inside braces: '1'",
    "up{a{|1:5: parse error: unexpected left brace '{'",
    "up{a=b}|1:6: parse error: unexpected identifier \"b\" in label matching, expected string",
    "up{a=\"b\" c=\"d\"}|1:10: parse error: unexpected identifier \"c\" in label matching,"
        + " expected \",\" or \"}\"",
    "{=\"b\"}|1:2: parse error: unexpected \"=\" in label matching, expected identifier or"
        + " \"}\"",
    "up{a}|1:5: parse error: unexpected \"}\" in label matching, expected label matching"
        + " operator",
    "up{a=\"b\",,}|1:10: parse error: unexpected \",\" in label matching, expected identifier"
        + " or \"}\"",
    "up}|1:3: parse error: unexpected character: '}'",
    "up up|1:4: parse error: unexpected identifier \"up\"",
    "up{a=\"aaaaaaaaaaaaaaa\" \"x\"}|1:24: parse error: unexpected string \"\\\"x\\\"\" in"
        + " label matching, expected \",\" or \"}\"",
    "up{a==\"b\"}|1:6: parse error: unexpected \"=\" in label matching, expected string",
    "up{a=\"b}|1:6: parse error: unterminated quoted string",
    "up{a=\"\\q\"}|1:6: parse error: unknown escape sequence U+0071 'q'",
    "rate(up[5m])|1:5: parse error: unexpected \"(\"",
    "up[5m]|1:3: parse error: unexpected \"[\"",
    "up offset 5m|1:4: parse error: unexpected <offset>",
    "(up)|1:1: parse error: unexpected \"(\"",
    "5|1:1: parse error: unexpected number \"5\"",
    "\"x\"|1:1: parse error: unexpected string \"\\\"x\\\"\"",
  })
  void seriesRejectsWhatIsNotASeriesSelectorAsPrometheusDoes(String selector, String message)
      throws Exception {
    // Go's encoding/json writes < and > as \u003c and \u003e.
    assertJson(get("/api/v1/series?match[]=" + enc(selector)), 400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
            + quote("invalid parameter \"match[]\": " + message).replace("<", "\\u003c")
                .replace(">", "\\u003e") + "}");
  }

  @Test
  void badRegexesInMatchAreReportedAtTheLabelName() throws Exception {
    HttpResponse<String> r = get("/api/v1/series?match[]=" + enc("up{a=~\"(\"}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid parameter \\\"match[]\\\": 1:4: parse error: "
        + "error parsing regexp: ");
  }

  @Test
  void seriesSelectorsMayUseKeywordsAsNamesAndMatchersThatMatchEmpty() throws Exception {
    assertJson(get("/api/v1/series?match[]=" + enc("{job=~\".*\",__name__=\"up\",job!=\"x\"}")
            + "&match[]=sum"), 200,
        get("/api/v1/series?match[]=up").body());
  }

  @Test
  void labelNamesListsAllOrMatchingSeries() throws Exception {
    assertJson(get("/api/v1/labels"), 200,
        "{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
    assertJson(post("/api/v1/labels", "application/x-www-form-urlencoded",
            ("match[]=" + enc("{job=\"node\"}")).getBytes(StandardCharsets.UTF_8)), 200,
        "{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
    assertBadData(get("/api/v1/labels?match[]=" + enc("{}")),
        "match[] must contain at least one non-empty matcher");
  }

  @Test
  void labelValuesListsValuesOfOneLabel() throws Exception {
    assertJson(get("/api/v1/label/job/values"), 200,
        "{\"status\":\"success\",\"data\":[\"node\",\"prometheus\"]}");
    assertJson(get("/api/v1/label/__name__/values?match[]=" + enc("{job=\"node\"}")), 200,
        "{\"status\":\"success\",\"data\":[\"up\"]}");
    assertJson(get("/api/v1/label/nothing/values"), 200,
        "{\"status\":\"success\",\"data\":[]}");
    assertBadData(get("/api/v1/label/1x/values"), "invalid label name: \"1x\"");
  }

  // --- metadata and targets ---

  @Test
  void metadataGroupsDistinctEntriesPerMetric() throws Exception {
    assertJson(get("/api/v1/metadata"), 200,
        "{\"status\":\"success\",\"data\":{\"go_threads\":[{\"type\":\"gauge\","
            + "\"help\":\"Number of OS threads created.\",\"unit\":\"\"}],"
            + "\"http_requests_total\":[{\"type\":\"counter\","
            + "\"help\":\"Requests \\u003cserved\\u003e.\",\"unit\":\"\"}]}}");
    assertJson(get("/api/v1/metadata?limit=1"), 200,
        "{\"status\":\"success\",\"data\":{\"go_threads\":[{\"type\":\"gauge\","
            + "\"help\":\"Number of OS threads created.\",\"unit\":\"\"}]}}");
    assertJson(get("/api/v1/metadata?metric=nope"), 200,
        "{\"status\":\"success\",\"data\":{}}");
    assertBadData(get("/api/v1/metadata?limit=x"), "limit must be a number");
  }

  @Test
  void targetMetadataFiltersByTargetAndMetric() throws Exception {
    assertJson(get("/api/v1/targets/metadata?match_target=" + enc("{job=\"node\"}")), 200,
        "{\"status\":\"success\",\"data\":[{\"target\":{\"instance\":\"127.0.0.1:9091\","
            + "\"job\":\"node\"},\"metric\":\"go_threads\",\"type\":\"gauge\","
            + "\"help\":\"Number of OS threads created.\",\"unit\":\"\"}]}");
    assertJson(get("/api/v1/targets/metadata?metric=http_requests_total"), 200,
        "{\"status\":\"success\",\"data\":[{\"target\":{\"instance\":\"127.0.0.1:9090\","
            + "\"job\":\"prometheus\"},\"type\":\"counter\","
            + "\"help\":\"Requests \\u003cserved\\u003e.\",\"unit\":\"\"}]}");
  }

  @Test
  void targetsListActiveAndDroppedWithStateFilter() throws Exception {
    String active = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:9090\","
        + "\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"job\":\"prometheus\"},"
        + "\"labels\":{\"instance\":\"127.0.0.1:9090\",\"job\":\"prometheus\"},"
        + "\"scrapePool\":\"prometheus\",\"scrapeUrl\":\"http://127.0.0.1:9090/metrics\","
        + "\"globalUrl\":\"http://example-prometheus:9090/metrics\",\"lastError\":\"\","
        + "\"lastScrape\":\"2017-01-17T15:07:44.723715405Z\","
        + "\"lastScrapeDuration\":0.050688943,\"health\":\"up\",\"scrapeInterval\":\"1m\","
        + "\"scrapeTimeout\":\"10s\"}";
    String dropped = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:9100\","
        + "\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"job\":\"node\"}}";
    assertJson(get("/api/v1/targets"), 200, "{\"status\":\"success\",\"data\":{"
        + "\"activeTargets\":[" + active + "],\"droppedTargets\":[" + dropped + "]}}");
    assertJson(get("/api/v1/targets?state=active"), 200, "{\"status\":\"success\",\"data\":{"
        + "\"activeTargets\":[" + active + "],\"droppedTargets\":[]}}");
    assertJson(get("/api/v1/targets?state=Dropped"), 200, "{\"status\":\"success\",\"data\":{"
        + "\"activeTargets\":[],\"droppedTargets\":[" + dropped + "]}}");
  }

  // --- status and lifecycle ---

  @Test
  void statusEndpointsReportTheirSources() throws Exception {
    assertJson(get("/api/v1/status/buildinfo"), 200,
        "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0\",\"revision\":\"abc\","
            + "\"branch\":\"main\",\"buildUser\":\"bongsu\","
            + "\"buildDate\":\"20261124-03:00:00\",\"goVersion\":\"java17\"}}");
    assertJson(get("/api/v1/status/config"), 200,
        "{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 15s\\n\"}}");
    assertJson(get("/api/v1/status/flags"), 200,
        "{\"status\":\"success\",\"data\":{\"config.file\":\"prometheus.yml\","
            + "\"web.enable-lifecycle\":\"true\"}}");
    assertJson(get("/api/v1/status/runtimeinfo"), 200,
        "{\"status\":\"success\",\"data\":{\"startTime\":\"2019-11-02T17:23:59.301361365Z\","
            + "\"CWD\":\"/\",\"reloadConfigSuccess\":true,"
            + "\"lastConfigTime\":\"2019-11-02T17:23:59Z\",\"corruptionCount\":0,"
            + "\"goroutineCount\":48,\"GOMAXPROCS\":4,\"GOGC\":\"\",\"GODEBUG\":\"\","
            + "\"storageRetention\":\"15d\"}}");
    assertJson(get("/api/v1/status/tsdb"), 200,
        "{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":508,"
            + "\"numLabelPairs\":1234,\"chunkCount\":937,\"minTime\":1591516800000,"
            + "\"maxTime\":1598896800143},\"seriesCountByMetricName\":[{\"name\":"
            + "\"net_conntrack_dialer_conn_failed_total\",\"value\":20}],"
            + "\"labelValueCountByLabelName\":[{\"name\":\"__name__\",\"value\":211}],"
            + "\"memoryInBytesByLabelName\":[{\"name\":\"__name__\",\"value\":8266}],"
            + "\"seriesCountByLabelValuePair\":[{\"name\":\"job=prometheus\","
            + "\"value\":425}]}}");
  }

  @Test
  void healthAndReadinessAnswerAsPrometheus() throws Exception {
    HttpResponse<String> healthy = get("/-/healthy");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).isEqualTo("Prometheus Server is Healthy.\n");
    HttpResponse<String> ready = get("/-/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("Prometheus Server is Ready.\n");
    HttpResponse<String> notReady = get(bare, "/-/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("Service Unavailable");
  }

  @Test
  void reloadRunsTheActionAndReportsFailure() throws Exception {
    reloads.set(0);
    assertThat(post("/-/reload", null, new byte[0]).statusCode()).isEqualTo(200);
    HttpResponse<String> failed = post("/-/reload", null, new byte[0]);
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).isEqualTo("failed to reload config: bad config\n");
    HttpResponse<String> disabled = client.send(HttpRequest.newBuilder(uri(bare, "/-/reload"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(disabled.statusCode()).isEqualTo(403);
    assertThat(disabled.body()).isEqualTo("Lifecycle API is not enabled.\n");
  }

  @Test
  void wrongMethodsAre405AndUnknownPaths404() throws Exception {
    assertThat(get("/-/reload").statusCode()).isEqualTo(405);
    assertThat(client.send(HttpRequest.newBuilder(uri(server, "/api/v1/query?query=up"))
            .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(405);
    assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(404);
  }

  // --- remote write ---

  @Test
  void remoteWriteStoresSamplesReadableThroughTheApi() throws Exception {
    byte[] body = new WriteRequestEncoder()
        .addSeries(Labels.of("__name__", "rw_metric", "source", "test"),
            new long[] {5000, 6000}, new double[] {1.5, 2.5})
        .toSnappy();

    HttpResponse<String> r = post("/api/v1/write", "application/x-protobuf", body,
        "Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "0.1.0");

    assertThat(r.statusCode()).isEqualTo(204);
    assertJson(get("/api/v1/series?match[]=rw_metric"), 200,
        "{\"status\":\"success\",\"data\":[{\"__name__\":\"rw_metric\",\"source\":\"test\"}]}");
    try (var q = storage.querier(0, 10_000)) {
      List<Series> found = q.select(List.of(LabelMatcher.eq("__name__", "rw_metric")));
      assertThat(found).hasSize(1);
      var it = found.get(0).iterator();
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).isEqualTo(5000);
      assertThat(it.value()).isEqualTo(1.5);
      assertThat(it.next()).isTrue();
      assertThat(it.value()).isEqualTo(2.5);
      assertThat(it.next()).isFalse();
    }
  }

  @Test
  void remoteWriteRejectsCorruptSnappyWith400() throws Exception {
    HttpResponse<String> r = post("/api/v1/write", "application/x-protobuf",
        new byte[] {0x10, (byte) 0xFF, 0x01, 0x02}, "Content-Encoding", "snappy");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("snappy: corrupt input\n");
  }

  @Test
  void remoteWriteRejectsAnEmptyBodyWith400() throws Exception {
    HttpResponse<String> r = post("/api/v1/write", "application/x-protobuf", new byte[0],
        "Content-Encoding", "snappy");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("snappy: corrupt input\n");
  }

  @Test
  void remoteWriteRejectsMalformedProtobufWith400AndStoresNothing() throws Exception {
    byte[] proto = new WriteRequestEncoder()
        .addSample(Labels.of("__name__", "rw_partial"), 1000, 1)
        .toByteArray();
    byte[] broken = java.util.Arrays.copyOf(proto, proto.length + 2);
    broken[proto.length] = 0x0A;
    broken[proto.length + 1] = 0x7F;
    byte[] body = io.bongsu.metrics.ingest.remotewrite.SnappyBlock.compress(broken);

    HttpResponse<String> r = post("/api/v1/write", "application/x-protobuf", body,
        "Content-Encoding", "snappy");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("malformed protobuf WriteRequest: ");
    assertJson(get("/api/v1/series?match[]=rw_partial"), 200,
        "{\"status\":\"success\",\"data\":[]}");
  }

  @Test
  void remoteWriteStoresGoodSeriesAndAnswers400ForInvalidOnes() throws Exception {
    byte[] body = new WriteRequestEncoder()
        .addSeries(new String[] {"job", "nameless"}, new long[] {1000}, new double[] {1})
        .addSample(Labels.of("__name__", "rw_good"), 1000, 1)
        .toSnappy();

    HttpResponse<String> r = post("/api/v1/write", "application/x-protobuf", body,
        "Content-Encoding", "snappy");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("invalid series {job=\"nameless\"}: missing metric name\n");
    assertJson(get("/api/v1/series?match[]=rw_good"), 200,
        "{\"status\":\"success\",\"data\":[{\"__name__\":\"rw_good\"}]}");
  }

  @Test
  void remoteWriteRefusesOtherEncodingsAndOversizedBodies() throws Exception {
    byte[] body = new WriteRequestEncoder()
        .addSample(Labels.of("__name__", "rw_gzip"), 1000, 1).toSnappy();
    assertThat(post("/api/v1/write", "application/x-protobuf", body,
        "Content-Encoding", "gzip").statusCode()).isEqualTo(415);
    assertThat(post("/api/v1/write", "application/json", body,
        "Content-Encoding", "snappy").statusCode()).isEqualTo(415);
    assertThat(post("/api/v1/write", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
        body, "Content-Encoding", "snappy").statusCode()).isEqualTo(415);
    assertThat(post("/api/v1/write", "application/x-protobuf;proto=prometheus.WriteRequest",
        body, "Content-Encoding", "snappy").statusCode()).isEqualTo(204);
    byte[] huge = new byte[100 * 1024];
    assertThat(post("/api/v1/write", "application/x-protobuf", huge,
        "Content-Encoding", "snappy").statusCode()).isEqualTo(413);
  }

  @Test
  void remoteWriteAnswers204WhenHistogramsAreSkipped() throws Exception {
    byte[] proto = new WriteRequestEncoder()
        .addSample(Labels.of("__name__", "rw_hist"), 1000, 3)
        .toByteArray();
    // The TimeSeries is the first field: append a histogram (field 4) inside it.
    byte[] histogram = {0x22, 0x02, 0x08, 0x05};
    byte[] series = java.util.Arrays.copyOfRange(proto, 2, proto.length);
    byte[] grown = new byte[series.length + histogram.length];
    System.arraycopy(series, 0, grown, 0, series.length);
    System.arraycopy(histogram, 0, grown, series.length, histogram.length);
    byte[] request = new byte[grown.length + 2];
    request[0] = 0x0A;
    request[1] = (byte) grown.length;
    System.arraycopy(grown, 0, request, 2, grown.length);

    HttpResponse<String> r = post("/api/v1/write", "application/x-protobuf",
        io.bongsu.metrics.ingest.remotewrite.SnappyBlock.compress(request),
        "Content-Encoding", "snappy");

    assertThat(r.statusCode()).isEqualTo(204);
    assertJson(get("/api/v1/series?match[]=rw_hist"), 200,
        "{\"status\":\"success\",\"data\":[{\"__name__\":\"rw_hist\"}]}");
  }
}
