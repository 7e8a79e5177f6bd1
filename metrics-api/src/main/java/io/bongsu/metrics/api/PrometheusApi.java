package io.bongsu.metrics.api;

import io.bongsu.common.text.GoFloat;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregationOptions;
import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.BlockingTaskExecutor;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.encoding.EncodingService;
import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.api.json.GoFormat;
import io.bongsu.metrics.api.json.JsonWriter;
import io.bongsu.metrics.api.promql.AstJson;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.Storage;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.QueryEngine;
import io.bongsu.promql.QueryResult;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.Formatter;
import io.bongsu.promql.parser.PromqlParser;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Prometheus HTTP API v1 and lifecycle endpoints over a {@link Storage} and a
 * {@link QueryEngine}. {@link #mount(ServerBuilder)} registers the routes on any Armeria server,
 * so the same API can be served on :9090 and on the console's port. Responses reproduce
 * Prometheus's JSON byte for byte; the request work runs on Armeria's blocking executor.
 */
public final class PrometheusApi {
  private static final int MAX_POINTS = 11_000;
  private static final MediaType TEXT = MediaType.PLAIN_TEXT_UTF_8;
  /** Armeria's default list has JSON only with a charset; Prometheus sends it without. */
  private static final Function<? super HttpService, EncodingService> GZIP_JSON =
      EncodingService.builder().encodableContentTypes(t -> t.is(MediaType.JSON)).newDecorator();

  private final Storage storage;
  private final QueryEngine engine;
  private final TargetSource targets;
  private final MetadataSource metadata;
  private final ConfigSource config;
  private final Supplier<Map<String, String>> flags;
  private final TsdbStatsSource tsdbStats;
  private final ReloadAction reload;
  private final BuildInfo buildInfo;
  private final Supplier<RuntimeInfo> runtimeInfo;
  private final BooleanSupplier ready;
  private final LongSupplier clock;
  private final Duration defaultQueryTimeout;
  private final RemoteWriteHandler remoteWrite;
  private final long maxRemoteWriteBytes;
  private BlockingTaskExecutor apiExecutor;

  private PrometheusApi(Builder b) {
    this.storage = b.storage;
    this.engine = b.engine;
    this.targets = b.targets;
    this.metadata = b.metadata;
    this.config = b.config;
    this.flags = b.flags;
    this.tsdbStats = b.tsdbStats;
    this.reload = b.reload;
    this.buildInfo = b.buildInfo;
    this.runtimeInfo = b.runtimeInfo != null ? b.runtimeInfo : defaultRuntimeInfo();
    this.ready = b.ready;
    this.clock = b.clock;
    this.defaultQueryTimeout = b.defaultQueryTimeout;
    this.remoteWrite = new RemoteWriteHandler(
        b.remoteWrite != null ? b.remoteWrite : new RemoteWriteReceiver(storage));
    this.maxRemoteWriteBytes = b.maxRemoteWriteBytes;
  }

  public static Builder builder(Storage storage, QueryEngine engine) {
    return new Builder(storage, engine);
  }

  /** Registers every route on the server builder. */
  public void mount(ServerBuilder sb) {
    apiExecutor = executor("bongsu-api");
    api(sb, "/api/v1/query", this::query);
    api(sb, "/api/v1/query_range", this::queryRange);
    api(sb, "/api/v1/query_exemplars", this::queryExemplars);
    api(sb, "/api/v1/format_query", p -> {
      String pretty = Formatter.pretty(parseQuery(p));
      return w -> w.value(pretty);
    });
    api(sb, "/api/v1/parse_query", p -> {
      Expr ast = parseQuery(p);
      return w -> AstJson.write(w, ast);
    });
    api(sb, "/api/v1/series", this::series);
    api(sb, "/api/v1/labels", this::labelNames);
    api(sb, "/api/v1/label/{name}/values", this::labelValues, HttpMethod.GET);
    api(sb, "/api/v1/metadata", this::metricMetadata, HttpMethod.GET);
    api(sb, "/api/v1/targets", this::targets, HttpMethod.GET);
    api(sb, "/api/v1/targets/metadata", this::targetMetadata, HttpMethod.GET);
    api(sb, "/api/v1/status/buildinfo", p -> this::writeBuildInfo, HttpMethod.GET);
    api(sb, "/api/v1/status/config", p -> {
      String yaml = config.yaml();
      return w -> w.beginObject().field("yaml", yaml).endObject();
    }, HttpMethod.GET);
    api(sb, "/api/v1/status/flags", p -> {
      Map<String, String> sorted = new TreeMap<>(flags.get());
      return w -> {
        w.beginObject();
        sorted.forEach(w::field);
        w.endObject();
      };
    }, HttpMethod.GET);
    api(sb, "/api/v1/status/runtimeinfo", p -> {
      RuntimeInfo info = runtimeInfo.get();
      return w -> writeRuntimeInfo(w, info);
    }, HttpMethod.GET);
    api(sb, "/api/v1/status/tsdb", p -> {
      TsdbStatsSource.TsdbStats stats = tsdbStats.stats();
      return w -> writeTsdbStats(w, stats);
    }, HttpMethod.GET);
    // The body is aggregated into a pooled (direct) buffer that the decoder reads in place: no
    // heap copy per chunk and per request, which was half of the server's garbage under ingest.
    // Its own few threads, like the queries' (see executor): with Armeria's 200-thread pool every
    // thread that ever handled a write kept its stack, caches and TLAB.
    sb.route().post("/api/v1/write").maxRequestLength(maxRemoteWriteBytes)
        .blockingTaskExecutor(executor("bongsu-write"), true)
        .build((ctx, req) -> HttpResponse.of(
            req.aggregate(AggregationOptions.usePooledObjects(ctx.alloc()))
                .thenCompose(agg -> remoteWrite.handleAsync(agg, ctx.blockingTaskExecutor()))));
    sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path("/-/healthy")
        .build((ctx, req) -> HttpResponse.of(HttpStatus.OK, TEXT,
            "Prometheus Server is Healthy.\n"));
    sb.route().methods(HttpMethod.GET, HttpMethod.HEAD).path("/-/ready")
        .build((ctx, req) -> ready.getAsBoolean()
            ? HttpResponse.of(HttpStatus.OK, TEXT, "Prometheus Server is Ready.\n")
            : HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, TEXT, "Service Unavailable"));
    sb.route().methods(HttpMethod.POST, HttpMethod.PUT).path("/-/reload")
        .build((ctx, req) -> HttpResponse.of(CompletableFuture.supplyAsync(
            this::reload, ctx.blockingTaskExecutor())));
  }

  /** Produces the data of a successful response; everything that can fail happens before. */
  @FunctionalInterface
  private interface Endpoint {
    DataWriter handle(Params p) throws ApiError;
  }

  @FunctionalInterface
  private interface DataWriter {
    void write(JsonWriter w);
  }

  private void api(ServerBuilder sb, String path, Endpoint endpoint) {
    api(sb, path, endpoint, HttpMethod.GET, HttpMethod.POST);
  }

  private void api(ServerBuilder sb, String path, Endpoint endpoint, HttpMethod... methods) {
    // The query timeout is enforced per request below, so Armeria's own must not cut in first.
    sb.route().methods(methods).path(path)
        .requestTimeout(defaultQueryTimeout.plusSeconds(10))
        .blockingTaskExecutor(apiExecutor, true)
        .decorator(GZIP_JSON)
        .build((ctx, req) -> HttpResponse.of(
            req.aggregate().thenApplyAsync(agg -> respond(ctx, agg, endpoint),
                ctx.blockingTaskExecutor())));
  }

  /**
   * A few long-lived threads for the API's queries, or for remote write. Armeria's shared blocking
   * pool keeps up to 200 threads that time out after a minute idle, and a thread pool starts a new
   * thread for every task while below its core size: each of the first 200 queries after a pause
   * ran on a newly created thread (cold thread-locals and caches, ~1 ms more per selective query),
   * and later ones rotated over 200 threads. Both are CPU-bound, so more threads than a few per
   * core only queue in the scheduler instead of here.
   */
  private static BlockingTaskExecutor executor(String threadNamePrefix) {
    return BlockingTaskExecutor.builder()
        .numThreads(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()))
        .threadNamePrefix(threadNamePrefix)
        .keepAliveTime(Duration.ofMinutes(30))
        .build();
  }

  private HttpResponse respond(ServiceRequestContext ctx, AggregatedHttpRequest req,
      Endpoint endpoint) {
    JsonWriter w = new JsonWriter();
    try {
      DataWriter data = endpoint.handle(new Params(ctx, req));
      w.beginObject().field("status", "success").name("data");
      data.write(w);
      w.endObject();
      return json(HttpStatus.OK, w);
    } catch (ApiError e) {
      return error(e);
    } catch (RuntimeException e) {
      return error(new ApiError("internal", String.valueOf(e.getMessage())));
    }
  }

  static HttpResponse error(ApiError e) {
    JsonWriter w = new JsonWriter().beginObject()
        .field("status", "error")
        .field("errorType", e.errorType())
        .field("error", e.getMessage())
        .endObject();
    return json(e.status(), w);
  }

  private static HttpResponse json(HttpStatus status, JsonWriter w) {
    return HttpResponse.of(ResponseHeaders.of(status, HttpHeaderNames.CONTENT_TYPE,
        MediaType.JSON), HttpData.wrap(w.toByteArray()));
  }

  // --- queries ---

  private DataWriter query(Params p) throws ApiError {
    long time = timeParam(p, "time", clock.getAsLong());
    long timeoutNanos = timeout(p);
    String q = p.get("query");
    QueryResult result = evaluate(() -> engine.instant(q, time), timeoutNanos, true);
    return w -> writeQueryResult(w, result);
  }

  private DataWriter queryRange(Params p) throws ApiError {
    long start = requiredTime(p, "start");
    long end = requiredTime(p, "end");
    if (end < start) {
      throw ApiError.invalidParam("end", "end timestamp must not be before start time");
    }
    long stepNanos;
    try {
      stepNanos = ApiParams.parseDurationNanos(p.get("step"));
    } catch (ApiError.Detail e) {
      throw ApiError.invalidParam("step", e.getMessage());
    }
    if (stepNanos <= 0) {
      throw ApiError.invalidParam("step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if (rangeNanosOver(end - start, stepNanos)) {
      throw ApiError.badData("exceeded maximum resolution of 11,000 points per timeseries."
          + " Try decreasing the query resolution (?step=XX)");
    }
    long stepMillis = Math.max(1, stepNanos / 1_000_000);
    long timeoutNanos = timeout(p);
    String q = p.get("query");
    QueryResult result = evaluate(() -> engine.range(q, start, end, stepMillis), timeoutNanos,
        false);
    return w -> writeQueryResult(w, result);
  }

  /** Whether (end-start)/step, in Go's integer nanosecond division, exceeds the point limit. */
  private static boolean rangeNanosOver(long rangeMillis, long stepNanos) {
    try {
      return Math.multiplyExact(rangeMillis, 1_000_000L) / stepNanos > MAX_POINTS;
    } catch (ArithmeticException overflow) {
      return (double) rangeMillis * 1e6 / stepNanos > MAX_POINTS;
    }
  }

  /** The request's timeout, capped by the server's (as Prometheus's --query.timeout caps it). */
  private long timeout(Params p) throws ApiError {
    String to = p.get("timeout");
    long max = defaultQueryTimeout.toNanos();
    if (to.isEmpty()) {
      return max;
    }
    try {
      return Math.min(ApiParams.parseDurationNanos(to), max);
    } catch (ApiError.Detail e) {
      throw ApiError.invalidParam("timeout", e.getMessage());
    }
  }

  /**
   * Runs the evaluation. Within the server's timeout it runs on this (blocking) thread: the engine
   * enforces that timeout itself, and under CPU contention every hand-off to another thread costs
   * a scheduling delay that dominates a selective query. A request's shorter {@code timeout} runs
   * it on a thread of its own that the timeout abandons (and interrupts, which an engine can
   * check to stop early).
   */
  private QueryResult evaluate(Callable<QueryResult> evaluation, long timeoutNanos,
      boolean instant) throws ApiError {
    if (timeoutNanos >= defaultQueryTimeout.toNanos()) {
      try {
        return evaluation.call();
      } catch (PromqlException pe) {
        throw apiError(pe, instant);
      } catch (Exception e) {
        throw new ApiError("execution", String.valueOf(e.getMessage()));
      }
    }
    // Not the API's own few threads: an abandoned evaluation may keep running past its timeout.
    Future<QueryResult> f = CommonPools.blockingTaskExecutor().submit(evaluation);
    try {
      return f.get(Math.max(timeoutNanos, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ApiError("timeout", "query timed out in expression evaluation");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ApiError("canceled", "query was canceled in expression evaluation");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PromqlException pe) {
        throw apiError(pe, instant);
      }
      throw new ApiError("execution", String.valueOf(e.getCause().getMessage()));
    }
  }

  private static ApiError apiError(PromqlException pe, boolean instant) {
    String message = instant && pe.errorType().equals("bad_data")
        ? "invalid parameter \"query\": " + pe.getMessage() : pe.getMessage();
    return new ApiError(pe.errorType(), message);
  }

  private static Expr parseQuery(Params p) throws ApiError {
    try {
      return PromqlParser.parse(p.get("query"));
    } catch (PromqlException e) {
      throw ApiError.invalidParam("query", e.getMessage());
    }
  }

  private static void writeQueryResult(JsonWriter w, QueryResult result) {
    w.beginObject().field("resultType", result.resultType()).name("result");
    if (result instanceof QueryResult.Vector v) {
      w.beginArray();
      for (QueryResult.Sample s : v.samples()) {
        w.beginObject().name("metric");
        writeLabels(w, s.labels());
        w.name("value").beginArray().timestamp(s.timestampMillis()).sampleValue(s.value())
            .endArray().endObject();
      }
      w.endArray();
    } else if (result instanceof QueryResult.Matrix m) {
      w.beginArray();
      for (QueryResult.SeriesPoints s : m.series()) {
        w.beginObject().name("metric");
        writeLabels(w, s.labels());
        w.name("values").beginArray();
        long[] ts = s.timestampsMillis();
        double[] vs = s.values();
        for (int i = 0; i < ts.length; i++) {
          w.beginArray().timestamp(ts[i]).sampleValue(vs[i]).endArray();
        }
        w.endArray().endObject();
      }
      w.endArray();
    } else if (result instanceof QueryResult.Scalar s) {
      // Prometheus 2.x marshals scalars and strings its older way: the time as a plain JSON
      // float, the value always in fixed notation.
      w.beginArray().raw(GoFloat.formatJsonNumber(s.timestampMillis() / 1000.0))
          .value(GoFloat.formatF(s.value())).endArray();
    } else if (result instanceof QueryResult.StringResult s) {
      w.beginArray().raw(GoFloat.formatJsonNumber(s.timestampMillis() / 1000.0)).value(s.value())
          .endArray();
    }
    w.endObject();
  }

  static void writeLabels(JsonWriter w, Labels labels) {
    w.beginObject();
    for (int i = 0; i < labels.size(); i++) {
      w.field(labels.name(i), labels.value(i));
    }
    w.endObject();
  }

  private DataWriter queryExemplars(Params p) throws ApiError {
    long start = timeParam(p, "start", ApiParams.MIN_TIME);
    long end = timeParam(p, "end", ApiParams.MAX_TIME);
    if (end < start) {
      throw ApiError.badData("end timestamp must not be before start timestamp");
    }
    if (p.get("query").isBlank()) {
      throw ApiError.badData("1:1: parse error: no expression found in input");
    }
    return w -> w.beginArray().endArray();
  }

  // --- series and labels ---

  private DataWriter series(Params p) throws ApiError {
    List<String> match = p.all("match[]");
    if (match.isEmpty()) {
      throw ApiError.badData("no match[] parameter provided");
    }
    long start = timeParam(p, "start", ApiParams.MIN_TIME);
    long end = timeParam(p, "end", ApiParams.MAX_TIME);
    List<List<LabelMatcher>> sets;
    try {
      sets = matcherSets(match);
    } catch (PromqlException e) {
      throw ApiError.invalidParam("match[]", e.getMessage());
    }
    TreeSet<Labels> found = new TreeSet<>();
    try (Querier q = storage.querier(start, end)) {
      for (List<LabelMatcher> set : sets) {
        for (Series s : q.select(set)) {
          found.add(s.labels());
        }
      }
    }
    return w -> {
      w.beginArray();
      for (Labels l : found) {
        writeLabels(w, l);
      }
      w.endArray();
    };
  }

  private DataWriter labelNames(Params p) throws ApiError {
    long start = timeParam(p, "start", ApiParams.MIN_TIME);
    long end = timeParam(p, "end", ApiParams.MAX_TIME);
    List<List<LabelMatcher>> sets = matchersOrBadData(p);
    TreeSet<String> names = new TreeSet<>();
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) {
        names.addAll(q.labelNames(List.of()));
      }
      for (List<LabelMatcher> set : sets) {
        names.addAll(q.labelNames(set));
      }
    }
    return w -> stringArray(w, names);
  }

  private DataWriter labelValues(Params p) throws ApiError {
    String name = p.pathParam("name");
    if (!isLabelName(name)) {
      throw ApiError.badData("invalid label name: \"" + name + "\"");
    }
    long start = timeParam(p, "start", ApiParams.MIN_TIME);
    long end = timeParam(p, "end", ApiParams.MAX_TIME);
    List<List<LabelMatcher>> sets = matchersOrBadData(p);
    TreeSet<String> values = new TreeSet<>();
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) {
        values.addAll(q.labelValues(name, List.of()));
      }
      for (List<LabelMatcher> set : sets) {
        values.addAll(q.labelValues(name, set));
      }
    }
    return w -> stringArray(w, values);
  }

  private static void stringArray(JsonWriter w, Iterable<String> values) {
    w.beginArray();
    for (String v : values) {
      w.value(v);
    }
    w.endArray();
  }

  private static List<List<LabelMatcher>> matchersOrBadData(Params p) throws ApiError {
    try {
      return matcherSets(p.all("match[]"));
    } catch (PromqlException e) {
      throw ApiError.badData(e.getMessage());
    }
  }

  private static List<List<LabelMatcher>> matcherSets(List<String> selectors) {
    List<List<LabelMatcher>> sets = new ArrayList<>(selectors.size());
    for (String s : selectors) {
      List<LabelMatcher> set = PromqlParser.parseMetricSelector(s);
      if (set.stream().allMatch(LabelMatcher::matchesEmpty)) {
        throw PromqlException.badData("match[] must contain at least one non-empty matcher");
      }
      sets.add(set);
    }
    return sets;
  }

  private static boolean isLabelName(String n) {
    if (n == null || n.isEmpty()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  // --- metadata and targets ---

  private record Meta(String type, String help, String unit) {}

  private DataWriter metricMetadata(Params p) throws ApiError {
    int limit = limit(p);
    String metric = p.get("metric");
    TreeMap<String, Set<Meta>> byMetric = new TreeMap<>();
    for (MetadataSource.Entry e : metadata.metadata()) {
      if (metric.isEmpty() || metric.equals(e.metric())) {
        byMetric.computeIfAbsent(e.metric(), k -> new LinkedHashSet<>())
            .add(new Meta(e.type(), e.help(), e.unit()));
      }
    }
    return w -> {
      w.beginObject();
      int n = 0;
      for (var e : byMetric.entrySet()) {
        if (limit >= 0 && n++ >= limit) {
          break;
        }
        w.name(e.getKey()).beginArray();
        for (Meta m : e.getValue()) {
          w.beginObject().field("type", m.type()).field("help", m.help())
              .field("unit", m.unit()).endObject();
        }
        w.endArray();
      }
      w.endObject();
    };
  }

  private DataWriter targetMetadata(Params p) throws ApiError {
    int limit = limit(p);
    String matchTarget = p.get("match_target");
    List<LabelMatcher> matchers = List.of();
    if (!matchTarget.isEmpty()) {
      try {
        matchers = PromqlParser.parseMetricSelector(matchTarget);
      } catch (PromqlException e) {
        throw ApiError.invalidParam("match_target", e.getMessage());
      }
    }
    String metric = p.get("metric");
    List<MetadataSource.Entry> out = new ArrayList<>();
    for (MetadataSource.Entry e : metadata.metadata()) {
      if (limit >= 0 && out.size() >= limit) {
        break;
      }
      boolean targetMatches = matchers.stream().allMatch(m -> m.matches(e.target()));
      if (targetMatches && (metric.isEmpty() || metric.equals(e.metric()))) {
        out.add(e);
      }
    }
    boolean withMetric = metric.isEmpty();
    return w -> {
      w.beginArray();
      for (MetadataSource.Entry e : out) {
        w.beginObject().name("target");
        writeLabels(w, e.target());
        if (withMetric) {
          w.field("metric", e.metric());
        }
        w.field("type", e.type()).field("help", e.help()).field("unit", e.unit()).endObject();
      }
      w.endArray();
    };
  }

  private static int limit(Params p) throws ApiError {
    String s = p.get("limit");
    if (s.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiError.badData("limit must be a number");
    }
  }

  private DataWriter targets(Params p) {
    String state = p.get("state").toLowerCase(java.util.Locale.ROOT);
    String pool = p.get("scrapePool");
    boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
    boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
    List<TargetSource.Active> active = showActive
        ? targets.activeTargets().stream()
            .filter(t -> pool.isEmpty() || pool.equals(t.scrapePool()))
            .sorted(Comparator.comparing(TargetSource.Active::scrapePool))
            .toList()
        : List.of();
    List<TargetSource.Dropped> dropped = showDropped ? targets.droppedTargets() : List.of();
    return w -> {
      w.beginObject().name("activeTargets").beginArray();
      for (TargetSource.Active t : active) {
        w.beginObject().name("discoveredLabels");
        writeLabels(w, t.discoveredLabels());
        w.name("labels");
        writeLabels(w, t.labels());
        w.field("scrapePool", t.scrapePool())
            .field("scrapeUrl", t.scrapeUrl())
            .field("globalUrl", t.globalUrl())
            .field("lastError", Objects.requireNonNullElse(t.lastError(), ""))
            .field("lastScrape", GoFormat.rfc3339(t.lastScrape()))
            .name("lastScrapeDuration").raw(GoFloat.formatJsonNumber(t.lastScrapeDurationSeconds()))
            .field("health", t.health())
            .field("scrapeInterval", t.scrapeInterval())
            .field("scrapeTimeout", t.scrapeTimeout())
            .endObject();
      }
      w.endArray().name("droppedTargets").beginArray();
      for (TargetSource.Dropped t : dropped) {
        w.beginObject().name("discoveredLabels");
        writeLabels(w, t.discoveredLabels());
        w.endObject();
      }
      w.endArray().endObject();
    };
  }

  // --- status ---

  private void writeBuildInfo(JsonWriter w) {
    w.beginObject()
        .field("version", buildInfo.version())
        .field("revision", buildInfo.revision())
        .field("branch", buildInfo.branch())
        .field("buildUser", buildInfo.buildUser())
        .field("buildDate", buildInfo.buildDate())
        .field("goVersion", buildInfo.goVersion())
        .endObject();
  }

  private static void writeRuntimeInfo(JsonWriter w, RuntimeInfo r) {
    w.beginObject()
        .field("startTime", GoFormat.rfc3339(r.startTime()))
        .field("CWD", r.cwd())
        .name("reloadConfigSuccess").value(r.reloadConfigSuccess())
        .field("lastConfigTime", GoFormat.rfc3339(r.lastConfigTime()))
        .name("corruptionCount").value(r.corruptionCount())
        .name("goroutineCount").value(r.goroutineCount())
        .name("GOMAXPROCS").value(r.gomaxprocs())
        .field("GOGC", r.gogc())
        .field("GODEBUG", r.godebug())
        .field("storageRetention", r.storageRetention())
        .endObject();
  }

  private static void writeTsdbStats(JsonWriter w, TsdbStatsSource.TsdbStats s) {
    TsdbStatsSource.HeadStats h = s.headStats();
    w.beginObject().name("headStats").beginObject()
        .name("numSeries").value(h.numSeries())
        .name("numLabelPairs").value(h.numLabelPairs())
        .name("chunkCount").value(h.chunkCount())
        .name("minTime").value(h.minTime())
        .name("maxTime").value(h.maxTime())
        .endObject();
    writeStats(w, "seriesCountByMetricName", s.seriesCountByMetricName());
    writeStats(w, "labelValueCountByLabelName", s.labelValueCountByLabelName());
    writeStats(w, "memoryInBytesByLabelName", s.memoryInBytesByLabelName());
    writeStats(w, "seriesCountByLabelValuePair", s.seriesCountByLabelValuePair());
    w.endObject();
  }

  private static void writeStats(JsonWriter w, String name, List<TsdbStatsSource.Stat> stats) {
    w.name(name).beginArray();
    for (TsdbStatsSource.Stat s : stats) {
      w.beginObject().field("name", s.name()).name("value").value(s.value()).endObject();
    }
    w.endArray();
  }

  private HttpResponse reload() {
    if (reload == null) {
      return HttpResponse.of(HttpStatus.FORBIDDEN, TEXT, "Lifecycle API is not enabled.\n");
    }
    try {
      reload.reload();
      return HttpResponse.of(HttpStatus.OK);
    } catch (Exception e) {
      return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, TEXT,
          "failed to reload config: " + e.getMessage() + "\n");
    }
  }

  // --- parameters ---

  private static long timeParam(Params p, String name, long defaultValue) throws ApiError {
    String v = p.get(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return ApiParams.parseTime(v);
    } catch (ApiError.Detail e) {
      throw ApiError.invalidParam(name,
          "Invalid time value for '" + name + "': " + e.getMessage());
    }
  }

  private static long requiredTime(Params p, String name) throws ApiError {
    try {
      return ApiParams.parseTime(p.get(name));
    } catch (ApiError.Detail e) {
      throw ApiError.invalidParam(name, e.getMessage());
    }
  }

  private static Supplier<RuntimeInfo> defaultRuntimeInfo() {
    Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    String cwd = Path.of("").toAbsolutePath().toString();
    return () -> new RuntimeInfo(started, cwd, true, started, 0, Thread.activeCount(),
        Runtime.getRuntime().availableProcessors(), "", "", "");
  }

  /** Collects the API's collaborators; everything but storage and engine has a default. */
  public static final class Builder {
    private final Storage storage;
    private final QueryEngine engine;
    private TargetSource targets = TargetSource.NONE;
    private MetadataSource metadata = MetadataSource.NONE;
    private ConfigSource config = () -> "";
    private Supplier<Map<String, String>> flags = LinkedHashMap::new;
    private TsdbStatsSource tsdbStats = TsdbStatsSource.NONE;
    private ReloadAction reload;
    private BuildInfo buildInfo = new BuildInfo("2.42.0", "", "", "", "", "");
    private Supplier<RuntimeInfo> runtimeInfo;
    private BooleanSupplier ready = () -> true;
    private LongSupplier clock = System::currentTimeMillis;
    private Duration defaultQueryTimeout = Duration.ofMinutes(2);
    private RemoteWriteReceiver remoteWrite;
    private long maxRemoteWriteBytes = 32L << 20;

    private Builder(Storage storage, QueryEngine engine) {
      this.storage = Objects.requireNonNull(storage);
      this.engine = Objects.requireNonNull(engine);
    }

    public Builder targets(TargetSource v) {
      targets = v;
      return this;
    }

    public Builder metadata(MetadataSource v) {
      metadata = v;
      return this;
    }

    public Builder config(ConfigSource v) {
      config = v;
      return this;
    }

    public Builder flags(Supplier<Map<String, String>> v) {
      flags = v;
      return this;
    }

    public Builder tsdbStats(TsdbStatsSource v) {
      tsdbStats = v;
      return this;
    }

    /** Without one, {@code /-/reload} answers 403 as Prometheus does without --web.enable-lifecycle. */
    public Builder reload(ReloadAction v) {
      reload = v;
      return this;
    }

    public Builder buildInfo(BuildInfo v) {
      buildInfo = v;
      return this;
    }

    public Builder runtimeInfo(Supplier<RuntimeInfo> v) {
      runtimeInfo = v;
      return this;
    }

    public Builder ready(BooleanSupplier v) {
      ready = v;
      return this;
    }

    /** Current time in Unix ms, for queries without a time parameter. */
    public Builder clock(LongSupplier v) {
      clock = v;
      return this;
    }

    /** The longest a query may run; a request's {@code timeout} can only shorten it. */
    public Builder defaultQueryTimeout(Duration v) {
      defaultQueryTimeout = v;
      return this;
    }

    /** The receiver behind {@code /api/v1/write}; by default one over the API's storage. */
    public Builder remoteWrite(RemoteWriteReceiver v) {
      remoteWrite = v;
      return this;
    }

    /** Largest compressed remote write body accepted; larger ones get 413. */
    public Builder maxRemoteWriteBytes(long v) {
      maxRemoteWriteBytes = v;
      return this;
    }

    public PrometheusApi build() {
      return new PrometheusApi(this);
    }
  }
}
