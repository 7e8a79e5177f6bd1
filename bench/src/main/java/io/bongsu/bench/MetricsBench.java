package io.bongsu.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side metrics benchmark: one dataset, encoded once, pushed by remote write into
 * Bongsu, Prometheus and VictoriaMetrics in turn (one system at a time, so none competes with
 * another for the two cores), measuring ingest rate and CPU, memory per series, query latency,
 * restart time with a full WAL and bytes per sample on disk. See docs/benchmarks.md.
 */
public final class MetricsBench {
  private static final Pattern NUM_SAMPLES = Pattern.compile("\"numSamples\"\\s*:\\s*(\\d+)");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final String BEGIN = "<!-- harness results: begin -->";
  private static final String END = "<!-- harness results: end -->";

  private final Map<String, String> opts;
  private final Dataset data;
  private final Workload workload;
  private final long evalSeconds;
  private final List<Query> queries;
  private final StringBuilder notes = new StringBuilder();

  record Query(String id, String expr, boolean range) {}

  /** What one system measured. */
  static final class Result {
    String name;
    String version;
    String command;
    long firstReadyMillis;
    double samplesPerSecond;
    double cpuSecondsPerMillion;
    long ingestErrors;
    String firstError = "";
    long idleRss;
    long loadedRss;
    long rssAfterGc = -1;
    long heapAfterGc = -1;
    long walBytes;
    long restartReadyMillis;
    long restartQueryMillis;
    double blockBytesPerSample = Double.NaN;
    long blockBytes;
    long blockSamples;
    long dirBytes;
    final Map<String, double[]> latencies = new LinkedHashMap<>();
    final Map<String, Integer> resultSeries = new LinkedHashMap<>();
  }

  private MetricsBench(Map<String, String> opts) throws Exception {
    this.opts = opts;
    int series = Integer.parseInt(opts.get("series"));
    long interval = parseDuration(opts.get("interval"));
    long span = parseDuration(opts.get("span"));
    long churn = parseDuration(opts.get("churn"));
    long twoHours = Duration.ofHours(2).toMillis();
    String dataset = opts.get("dataset");
    if (dataset.startsWith("recorded:")) {
      Recording rec = Recording.load(Path.of(dataset.substring("recorded:".length())));
      span = rec.scrapes.get(rec.scrapes.size() - 1).timeMillis() - rec.scrapes.get(0).timeMillis();
      // The recorded scrapes, shifted to start on a 2h boundary in the recent past.
      long start = Math.floorDiv(System.currentTimeMillis() - span - twoHours, twoHours)
          * twoHours;
      data = new Dataset(rec, start);
      opts.put("interval", data.intervalMillis + "ms");
      opts.put("span", span / 1000 + "s");
    } else if (dataset.equals("synthetic")) {
      // Start on a 2h boundary so the first block Prometheus and Bongsu cut holds a full 2h.
      long start = Math.floorDiv(System.currentTimeMillis() - span - twoHours, twoHours)
          * twoHours;
      int steps = (int) (span / interval);
      data = new Dataset(series, start, interval, steps, churn, Long.parseLong(opts.get("seed")));
    } else {
      throw new IllegalArgumentException("--dataset is synthetic or recorded:<file>");
    }
    long t0 = System.nanoTime();
    int senders = Integer.parseInt(opts.get("senders"));
    workload = new Workload(data, senders, Integer.parseInt(opts.get("round-steps")),
        Integer.parseInt(opts.get("batch")), Runtime.getRuntime().availableProcessors());
    log("encoded %,d samples of %,d distinct series (%,d active) in %,d requests per sender "
        + "round x %d rounds, %.1f MB snappy, in %.1f s", workload.samples,
        workload.distinctSeries, data.activeSeries(), workload.requests.get(0).get(0).size(),
        workload.rounds(), workload.bytes / 1e6, (System.nanoTime() - t0) / 1e9);
    evalSeconds = workload.maxTime / 1000;
    String host = Dataset.hostInstance(1);
    queries = List.of(
        new Query("Q1 selective instant", "node_memory_MemAvailable_bytes{instance=\"" + host
            + "\"}", false),
        new Query("Q2 selective rate", "rate(node_network_receive_bytes_total{instance=\"" + host
            + "\",device=\"eth0\"}[5m])", false),
        new Query("Q3 heavy sum rate", "sum by (mode) (rate(node_cpu_seconds_total[5m]))", false),
        new Query("Q4 heavy quantile", "histogram_quantile(0.99, sum by (le, handler) "
            + "(rate(http_request_duration_seconds_bucket[5m])))", false),
        new Query("Q5 heavy regex count", "count by (__name__) ({__name__=~\"node_filesystem_.+\"})",
            false),
        new Query("R1 selective range 1h", "rate(node_cpu_seconds_total{instance=\"" + host
            + "\",mode=\"user\"}[5m])", true),
        new Query("R2 heavy range 1h", "sum by (instance) (rate(node_network_receive_bytes_total"
            + "{device=\"eth0\"}[5m]))", true),
        new Query("R3 heavy range 1h", "sum by (handler, status) (rate(http_requests_total[5m]))",
            true),
        new Query("R4 heavy range 1h", "avg by (instance) (1 - rate(node_cpu_seconds_total"
            + "{mode=\"idle\"}[5m]))", true));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("dataset", "synthetic");
    opts.put("series", "100000");
    opts.put("interval", "60s");
    opts.put("span", "190m");
    opts.put("churn", "10h");
    opts.put("senders", "4");
    opts.put("batch", "2000");
    opts.put("round-steps", "10");
    opts.put("query-reps", "15");
    opts.put("query-warmup", "5");
    opts.put("seed", "42");
    opts.put("systems", "bongsu,prometheus,victoria-metrics");
    opts.put("jar", "app/target/bongsu.jar");
    opts.put("work", "bench/target/run");
    opts.put("out", "docs/benchmarks.md");
    opts.put("disk-wait", "240s");
    // For profiling, e.g. "-XX:StartFlightRecording=filename=bongsu.jfr,settings=profile".
    opts.put("bongsu-jvm-args", "");
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("arguments are --name=value; got " + a
            + "; names: " + opts.keySet());
      }
      String k = a.substring(2, a.indexOf('='));
      if (!opts.containsKey(k)) {
        throw new IllegalArgumentException("unknown option --" + k + "; names: " + opts.keySet());
      }
      opts.put(k, a.substring(a.indexOf('=') + 1));
    }
    try {
      new MetricsBench(opts).run(args);
    } finally {
      for (Process p : Server.RUNNING) {
        p.destroyForcibly();
      }
    }
  }

  private void run(String[] args) throws Exception {
    Path work = Path.of(opts.get("work")).toAbsolutePath();
    Files.createDirectories(work);
    for (String old : List.of("bongsu-data", "prometheus-data", "victoria-metrics-data")) {
      deleteRecursively(work.resolve(old));
    }
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    List<Result> results = new ArrayList<>();
    for (String name : opts.get("systems").split(",")) {
      Server.Kind kind = switch (name.trim()) {
        case "bongsu" -> Server.Kind.BONGSU;
        case "prometheus" -> Server.Kind.PROMETHEUS;
        case "victoria-metrics" -> Server.Kind.VICTORIA_METRICS;
        default -> throw new IllegalArgumentException("unknown system " + name);
      };
      List<String> jvmArgs = opts.get("bongsu-jvm-args").isBlank() ? List.of()
          : List.of(opts.get("bongsu-jvm-args").trim().split("\\s+"));
      Server s = new Server(kind, work, Path.of(opts.get("jar")).toAbsolutePath(), jvmArgs);
      try {
        results.add(measure(s));
      } finally {
        s.stop(30_000);
      }
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    String md = report(args, results, loadBefore, loadAfter);
    System.out.println(md);
    writeInto(Path.of(opts.get("out")), md);
  }

  private Result measure(Server s) throws Exception {
    Result r = new Result();
    r.name = s.name();
    r.command = s.commandLine();
    r.version = version(s.kind);
    log("%s: starting on port %d", r.name, s.port);
    long t0 = System.nanoTime();
    s.start();
    r.firstReadyMillis = s.awaitReady(t0, 120_000);
    Thread.sleep(5_000);
    r.idleRss = s.rssBytes();
    double cpu0 = s.cpuSeconds();
    long ingestStart = System.nanoTime();
    // The CPU window's bounds, for matching an outside per-thread CPU sampler against it.
    log("%s: ingest CPU window starts", r.name);
    ingest(s, r);
    double seconds = (System.nanoTime() - ingestStart) / 1e9;
    // Deferred work (buffer flushes, head compaction) counts as ingest cost too.
    Thread.sleep(10_000);
    r.samplesPerSecond = workload.samples / seconds;
    r.cpuSecondsPerMillion = (s.cpuSeconds() - cpu0) / (workload.samples / 1e6);
    log("%s: ingest CPU window ends", r.name);
    r.loadedRss = s.rssBytes();
    if (s.kind == Server.Kind.BONGSU) {
      // RSS of a JVM includes garbage its heap has not collected; the live heap after a full GC
      // separates what the head keeps from what the collector has not returned.
      Server.Proc.run("jcmd", Long.toString(s.pid()), "GC.run");
      Thread.sleep(3_000);
      r.rssAfterGc = s.rssBytes();
      Matcher m = HEAP_USED.matcher(Server.Proc.run("jcmd", Long.toString(s.pid()),
          "GC.heap_info"));
      if (m.find()) {
        r.heapAfterGc = Long.parseLong(m.group(1)) * 1024;
      }
    }
    log("%s: %,.0f samples/s, %.2f CPU s per million, RSS %,d -> %,d, %d errors %s", r.name,
        r.samplesPerSecond, r.cpuSecondsPerMillion, r.idleRss, r.loadedRss, r.ingestErrors,
        r.firstError);
    try {
      runQueries(s, r);
    } catch (RuntimeException e) {
      notes.append("- ").append(r.name).append(": queries failed: ").append(e.getMessage())
          .append('\n');
    }
    r.walBytes = Server.dirBytes(s.dataDir.resolve("wal"));
    if (s.kind == Server.Kind.BONGSU && opts.get("bongsu-jvm-args").contains("FlightRecording")) {
      // kill -9 would lose the recording of the ingest and query phases.
      Server.Proc.run("jcmd", Long.toString(s.pid()), "JFR.dump",
          "filename=" + s.dataDir.resolveSibling("bongsu-ingest-and-queries.jfr"));
    }
    s.kill9();
    long t1 = System.nanoTime();
    s.start();
    try {
      r.restartReadyMillis = s.awaitReady(t1, 300_000);
      r.restartQueryMillis = firstAnswer(s, t1);
    } catch (RuntimeException e) {
      notes.append("- ").append(r.name).append(": restart failed: ").append(e.getMessage())
          .append('\n');
      return r;
    }
    log("%s: restart ready %d ms, first query %d ms (WAL %,d bytes)", r.name,
        r.restartReadyMillis, r.restartQueryMillis, r.walBytes);
    measureDisk(s, r);
    return r;
  }

  private void ingest(Server s, Result r) throws Exception {
    int senders = workload.senders;
    CyclicBarrier barrier = new CyclicBarrier(senders);
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>("");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < senders; k++) {
      List<List<byte[]>> rounds = workload.requests.get(k);
      Thread t = new Thread(() -> {
        try {
          for (List<byte[]> round : rounds) {
            for (byte[] body : round) {
              send(s, body, errors, firstError);
            }
            barrier.await();
          }
        } catch (Exception | Error e) {
          failure.compareAndSet(null, e);
          barrier.reset();
        }
      }, "sender-" + k);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(s.name() + ": ingest failed", failure.get());
    }
    r.ingestErrors = errors.get();
    r.firstError = firstError.get();
  }

  /** Posts one request; retries server errors a bounded number of times, counts rejections. */
  private static void send(Server s, byte[] body, AtomicLong errors,
      AtomicReference<String> firstError) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        Server.Response resp = s.post(s.writePath(), body);
        if (resp.status() / 100 == 2) {
          return;
        }
        if (resp.status() / 100 == 4) {
          errors.incrementAndGet();
          firstError.compareAndSet("", resp.status() + " " + abbreviate(resp.body()));
          return;
        }
        last = new IOException("HTTP " + resp.status() + " " + abbreviate(resp.body()));
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(200L << attempt);
    }
    throw last;
  }

  private void runQueries(Server s, Result r) throws IOException {
    int reps = Integer.parseInt(opts.get("query-reps"));
    // Whole passes over the set first, the same for every system: a JVM compiles its query path
    // during the first runs, and the harness measures a server that has been up for a while.
    for (int pass = 0; pass < Integer.parseInt(opts.get("query-warmup")); pass++) {
      for (Query q : queries) {
        s.get(path(q));
      }
    }
    for (Query q : queries) {
      String path = path(q);
      double[] ms = new double[reps];
      int series = -1;
      for (int i = 0; i < reps; i++) {
        long t = System.nanoTime();
        Server.Response resp = s.get(path);
        double took = (System.nanoTime() - t) / 1e6;
        if (resp.status() != 200 || !resp.body().contains("\"success\"")) {
          throw new IllegalStateException(r.name + " failed " + q.expr() + ": " + resp.status()
              + " " + abbreviate(resp.body()));
        }
        series = count(resp.body(), "\"metric\"");
        ms[i] = took;
      }
      Arrays.sort(ms);
      r.latencies.put(q.id(), ms);
      r.resultSeries.put(q.id(), series);
      log("%s: %s median %.1f ms p99 %.1f ms (%d series)", r.name, q.id(), percentile(ms, 0.5),
          percentile(ms, 0.99), series);
    }
  }

  private String path(Query q) {
    if (q.range()) {
      return "/api/v1/query_range?query=" + Server.enc(q.expr()) + "&start=" + (evalSeconds - 3600)
          + "&end=" + evalSeconds + "&step=60";
    }
    return "/api/v1/query?query=" + Server.enc(q.expr()) + "&time=" + evalSeconds;
  }

  /** Milliseconds from the restart until a query over replayed data returns a non-empty result. */
  private long firstAnswer(Server s, long startNanos) throws InterruptedException {
    String path = "/api/v1/query?query=" + Server.enc("count(node_load1)") + "&time="
        + evalSeconds;
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline && s.alive()) {
      try {
        Server.Response resp = s.get(path);
        if (resp.status() == 200 && resp.body().contains("\"value\"")) {
          return (System.nanoTime() - startNanos) / 1_000_000;
        }
      } catch (IOException notYet) {
        // still replaying
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(s.name() + " answered no query within 300 s after restart (or exited)");
  }

  /**
   * Prometheus and Bongsu: the persisted blocks (index, chunks, meta) over the samples their
   * meta.json counts, once the head has been cut. VictoriaMetrics has no blocks of that kind: its
   * whole data directory after a flush over every sample sent.
   */
  private void measureDisk(Server s, Result r) throws Exception {
    long deadline = System.nanoTime() + parseDuration(opts.get("disk-wait")) * 1_000_000;
    if (s.kind == Server.Kind.VICTORIA_METRICS) {
      try {
        s.get("/internal/force_flush");
      } catch (IOException e) {
        notes.append("- victoria-metrics: /internal/force_flush failed: ").append(e.getMessage())
            .append('\n');
      }
      Thread.sleep(15_000);
      r.dirBytes = Server.dirBytes(s.dataDir);
      r.blockBytes = r.dirBytes;
      r.blockSamples = workload.samples;
      r.blockBytesPerSample = r.dirBytes / (double) workload.samples;
      return;
    }
    long lastSamples = -1;
    while (System.nanoTime() < deadline) {
      long[] blocks = blocks(s.dataDir);
      if (blocks[1] > 0 && blocks[1] == lastSamples && blocks[2] == 0) {
        r.blockBytes = blocks[0];
        r.blockSamples = blocks[1];
        r.blockBytesPerSample = blocks[0] / (double) blocks[1];
        break;
      }
      lastSamples = blocks[1];
      Thread.sleep(5_000);
    }
    r.dirBytes = Server.dirBytes(s.dataDir);
    if (Double.isNaN(r.blockBytesPerSample)) {
      notes.append("- ").append(r.name).append(": no block was cut within ")
          .append(opts.get("disk-wait")).append('\n');
    }
    log("%s: blocks %,d bytes for %,d samples = %.3f B/sample; data dir %,d bytes", r.name,
        r.blockBytes, r.blockSamples, r.blockBytesPerSample, r.dirBytes);
  }

  /** {bytes of block dirs, samples in their meta.json, temporary dirs in progress}. */
  private static long[] blocks(Path dataDir) throws IOException {
    long bytes = 0;
    long samples = 0;
    long tmp = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir)) {
      for (Path p : ds) {
        if (!Files.isDirectory(p)) {
          continue;
        }
        if (p.getFileName().toString().endsWith(".tmp")
            || p.getFileName().toString().endsWith(".tmp-for-creation")) {
          tmp++;
          continue;
        }
        Path meta = p.resolve("meta.json");
        if (Files.exists(meta)) {
          Matcher m = NUM_SAMPLES.matcher(Files.readString(meta));
          if (m.find()) {
            samples += Long.parseLong(m.group(1));
            bytes += Server.dirBytes(p);
          }
        }
      }
    }
    return new long[] {bytes, samples, tmp};
  }

  // ---------------------------------------------------------------- report

  private String report(String[] args, List<Result> results, String loadBefore,
      String loadAfter) {
    StringBuilder md = new StringBuilder();
    md.append(BEGIN).append('\n');
    md.append("### Run of ").append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append("\n\n");
    md.append("Command: `./bench/run-metrics.sh ").append(String.join(" ", args)).append("`\n\n");
    md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (")
        .append(cpuModel()).append("), ").append(memTotal()).append(" RAM, kernel ")
        .append(Server.Proc.run("uname", "-r")).append(", Java ")
        .append(System.getProperty("java.vm.version")).append(". Load average before: `")
        .append(loadBefore).append("`, after: `").append(loadAfter).append("`.\n\n");
    if (data.recording != null) {
      md.append("Dataset: the recording ").append(opts.get("dataset").substring(9))
          .append(" (real scrapes, see docs/benchmarks.md), shifted in time.\n\n");
    }
    md.append(String.format(Locale.ROOT, "Dataset: %,d active series (%,d distinct with churn), "
        + "%,d samples, scrape interval %s over %s, %d concurrent senders, up to %s samples per "
        + "request (one sample per series), seed %s.%n%n", data.activeSeries(),
        workload.distinctSeries, workload.samples, opts.get("interval"), opts.get("span"),
        workload.senders, opts.get("batch"), opts.get("seed")));
    md.append("| system | version |\n|---|---|\n");
    for (Result r : results) {
      md.append("| ").append(r.name).append(" | ").append(r.version).append(" |\n");
    }
    Result prom = results.stream().filter(x -> x.name.equals("prometheus")).findFirst()
        .orElse(null);
    md.append("\n| measure | ");
    for (Result r : results) {
      md.append(r.name).append(" | ");
    }
    md.append("\n|---|");
    md.append("---|".repeat(results.size())).append('\n');
    row(md, results, "ingest, samples/s", r -> fmt("%,.0f", r.samplesPerSecond));
    row(md, results, "CPU s per million samples", r -> fmt("%.2f", r.cpuSecondsPerMillion));
    row(md, results, "rejected requests", r -> Long.toString(r.ingestErrors));
    row(md, results, "RSS idle (MB)", r -> fmt("%.0f", r.idleRss / 1e6));
    row(md, results, "RSS after ingest (MB)", r -> fmt("%.0f", r.loadedRss / 1e6));
    row(md, results, "RSS per distinct series (bytes)",
        r -> fmt("%,.0f", (r.loadedRss - r.idleRss) / (double) workload.distinctSeries));
    row(md, results, "RSS after a full GC (MB)",
        r -> r.rssAfterGc < 0 ? "-" : fmt("%.0f", r.rssAfterGc / 1e6));
    row(md, results, "live Java heap after full GC per distinct series (bytes)",
        r -> r.heapAfterGc < 0 ? "-" : fmt("%,.0f", r.heapAfterGc / (double) workload.distinctSeries));
    row(md, results, "bytes per sample on disk", r -> fmt("%.3f", r.blockBytesPerSample));
    row(md, results, "  (bytes / samples measured)", r -> fmt("%,d / %,d", r.blockBytes,
        r.blockSamples));
    row(md, results, "data dir after run (MB)", r -> fmt("%.1f", r.dirBytes / 1e6));
    row(md, results, "first start to ready (ms)", r -> Long.toString(r.firstReadyMillis));
    row(md, results, "WAL at kill -9 (MB)", r -> fmt("%.1f", r.walBytes / 1e6));
    row(md, results, "restart to ready (ms)", r -> Long.toString(r.restartReadyMillis));
    row(md, results, "restart to first query (ms)", r -> Long.toString(r.restartQueryMillis));
    md.append("\nQuery latency in ms, median / p99 of ").append(opts.get("query-reps"))
        .append(" runs after ").append(opts.get("query-warmup"))
        .append(" warm-up passes over the whole set (series returned in brackets); range queries cover 1h "
            + "at a 60s step, all evaluated at the end of the data:\n\n");
    md.append("| query | ");
    for (Result r : results) {
      md.append(r.name).append(" | ");
    }
    md.append("bongsu / prometheus (median) |\n|---|").append("---|".repeat(results.size()))
        .append("---|\n");
    Result bongsu = results.stream().filter(x -> x.name.equals("bongsu")).findFirst().orElse(null);
    List<Double> ratios = new ArrayList<>();
    for (Query q : queries) {
      md.append("| ").append(q.id()).append(": `").append(q.expr().replace("|", "\\|"))
          .append("` | ");
      for (Result r : results) {
        double[] ms = r.latencies.get(q.id());
        md.append(ms == null ? "-" : fmt("%.1f / %.1f (%d)", percentile(ms, 0.5),
            percentile(ms, 0.99), r.resultSeries.get(q.id()))).append(" | ");
      }
      if (bongsu != null && prom != null && bongsu.latencies.containsKey(q.id())) {
        double ratio = percentile(bongsu.latencies.get(q.id()), 0.5)
            / percentile(prom.latencies.get(q.id()), 0.5);
        ratios.add(ratio);
        md.append(fmt("%.2f", ratio));
      } else {
        md.append('-');
      }
      md.append(" |\n");
    }
    if (!ratios.isEmpty()) {
      double[] rs = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      md.append(fmt("%nMedian of the per-query ratios bongsu/prometheus: %.2f.%n",
          percentile(rs, 0.5)));
    }
    md.append("\nCommands (`$WORK` = ").append(opts.get("work")).append("):\n\n");
    for (Result r : results) {
      md.append("- ").append(r.name).append(": `").append(r.command).append("`\n");
    }
    if (notes.length() > 0) {
      md.append("\nNotes:\n").append(notes);
    }
    for (Result r : results) {
      if (!r.firstError.isEmpty()) {
        md.append("- ").append(r.name).append(" first rejection: `").append(r.firstError)
            .append("`\n");
      }
    }
    md.append(END).append('\n');
    return md.toString();
  }

  private interface Cell {
    String of(Result r);
  }

  private static void row(StringBuilder md, List<Result> results, String label, Cell cell) {
    md.append("| ").append(label).append(" | ");
    for (Result r : results) {
      md.append(cell.of(r)).append(" | ");
    }
    md.append('\n');
  }

  /** Replaces the generated section of the document, keeping the hand-written text around it. */
  private static void writeInto(Path out, String section) throws IOException {
    String doc = Files.exists(out) ? Files.readString(out) : "# Benchmarks\n\n";
    int b = doc.indexOf(BEGIN);
    int e = doc.indexOf(END);
    if (b >= 0 && e > b) {
      doc = doc.substring(0, b) + section + doc.substring(e + END.length() + 1);
    } else {
      doc = doc + "\n" + section;
    }
    Files.writeString(out, doc);
  }

  private static String version(Server.Kind kind) {
    String v = switch (kind) {
      case BONGSU -> "git " + Server.Proc.run("git", "rev-parse", "--short", "HEAD");
      case PROMETHEUS -> Server.Proc.run("prometheus", "--version").lines().findFirst().orElse("");
      // Debian's build prints an empty -version; the package version says which release it is.
      case VICTORIA_METRICS -> "victoria-metrics " + Server.Proc.run("dpkg-query", "-W",
          "-f=${Version}", "victoria-metrics");
    };
    return v.replace("|", "/");
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 2))
          .findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String memTotal() {
    try {
      String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
      return fmt("%.1f GB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024);
    } catch (IOException e) {
      return "unknown";
    }
  }

  static double percentile(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  static long parseDuration(String s) {
    long mult = s.endsWith("ms") ? 1 : switch (s.charAt(s.length() - 1)) {
      case 's' -> 1000L;
      case 'm' -> 60_000L;
      case 'h' -> 3_600_000L;
      case 'd' -> 86_400_000L;
      default -> throw new IllegalArgumentException("duration needs ms, s, m, h or d: " + s);
    };
    String digits = s.substring(0, s.length() - (s.endsWith("ms") ? 2 : 1));
    return Long.parseLong(digits) * mult;
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() > 200 ? one.substring(0, 200) + "..." : one;
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }

  private static void log(String f, Object... args) {
    System.err.println(Instant.now() + " " + fmt(f, args));
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
