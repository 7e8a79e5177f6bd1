package io.bongsu.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console's render-speed benchmark (issue 5): a fresh Bongsu jar on a free port gets 6 h of
 * node and application data by remote write, a 20-panel dashboard over it is saved, and headless
 * Chromium opens it again and again. Each run measures, in the page's own clock, from navigation
 * start to the moment every panel has {@code data-state="done"}, and when the last query answer
 * arrived; "render after data" is the difference. It also measures the bytes of every script and
 * style the console serves, gzip and raw.
 *
 * <p>Run: {@code ./mvnw -q -pl app,bench -am package -DskipTests && java -cp
 * bench/target/bongsu-bench.jar io.bongsu.bench.ConsoleBench} (options {@code --name=value}: see
 * {@link #main}). Results go to the console section of {@code docs/benchmarks.md}.
 */
public final class ConsoleBench {
  private static final String BEGIN = "<!-- console bench results: begin -->";
  private static final String END = "<!-- console bench results: end -->";
  private static final String UID = "console-bench";
  private static final int PANELS = 20;

  /**
   * Installed before any page script: records, in {@code performance.now()} time, when the
   * expected number of panels are all done, and when the last API answer finished.
   */
  private static final String PROBE = """
      window.__bench = { done: null, panels: %d };
      new MutationObserver(() => {
        if (window.__bench.done !== null) return;
        const p = document.querySelectorAll('section.panel');
        if (p.length >= window.__bench.panels
            && [...p].every((e) => e.dataset.state === 'done' || e.dataset.state === 'error')) {
          window.__bench.done = performance.now();
          window.__bench.errors = [...p].filter((e) => e.dataset.state === 'error').length;
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
      """;

  private static final String COLLECT = """
      const done = arguments[arguments.length - 1];
      const poll = () => {
        if (window.__bench && window.__bench.done !== null) {
          const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/'));
          const assets = performance.getEntriesByType('resource').filter((e) => /\\.(js|css)$/.test(new URL(e.name).pathname));
          done({ done: window.__bench.done, errors: window.__bench.errors,
            lastData: Math.max(0, ...api.map((e) => e.responseEnd)),
            firstQuery: Math.min(...api.map((e) => e.startTime)),
            queries: api.length,
            perQuery: api.map((e) => [new URL(e.name).searchParams.get('query'), e.responseEnd - e.startTime]),
            domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
            assetBytes: assets.reduce((s, e) => s + e.encodedBodySize, 0),
            assetRawBytes: assets.reduce((s, e) => s + e.decodedBodySize, 0),
            assets: assets.length });
        } else {
          setTimeout(poll, 5);
        }
      };
      poll();
      """;

  private final Map<String, String> opts;

  private ConsoleBench(Map<String, String> opts) {
    this.opts = opts;
  }

  /**
   * Options: {@code --series} active series (half node, half app; default 10000), {@code
   * --interval} between samples (15s), {@code --span} of data (6h), {@code --runs} page loads
   * (20), {@code --jar}, {@code --work}, {@code --out}, {@code --chromium}, {@code --chromedriver}.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("series", "10000");
    opts.put("interval", "15s");
    opts.put("span", "6h");
    opts.put("runs", "20");
    opts.put("jar", "app/target/bongsu.jar");
    opts.put("work", "bench/target/console-run");
    opts.put("out", "docs/benchmarks.md");
    opts.put("chromium", "/usr/bin/chromium");
    opts.put("chromedriver", "/usr/bin/chromedriver");
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=") || !opts.containsKey(a.substring(2, a.indexOf('=')))) {
        throw new IllegalArgumentException("arguments are --name=value with a name of " + opts.keySet()
            + "; got " + a);
      }
      opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    new ConsoleBench(opts).run(args);
  }

  private void run(String[] args) throws Exception {
    Path work = Path.of(opts.get("work")).toAbsolutePath();
    if (Files.exists(work)) {
      try (var walk = Files.walk(work)) {
        for (Path f : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.delete(f);
        }
      }
    }
    Files.createDirectories(work);
    long interval = MetricsBench.parseDuration(opts.get("interval"));
    long span = MetricsBench.parseDuration(opts.get("span"));
    int steps = (int) (span / interval);
    long start = System.currentTimeMillis() - (long) steps * interval;
    Dataset data = new Dataset(Integer.parseInt(opts.get("series")), start, interval, steps, 0, 42);
    log("dataset: %,d active series, %,d steps of %d s", data.activeSeries(), steps, interval / 1000);

    Server server = new Server(Server.Kind.BONGSU, work, Path.of(opts.get("jar")).toAbsolutePath(), List.of());
    try {
      server.start();
      server.awaitReady(System.nanoTime(), 120_000);
      String base = "http://127.0.0.1:" + server.port;
      long t0 = System.nanoTime();
      long[] ingest = ingest(server, data);
      log("ingested %,d samples (%,d rejected) in %.1f s", ingest[0], ingest[1], (System.nanoTime() - t0) / 1e9);
      put(base + "/api/console/dashboards/" + UID, dashboard().getBytes(StandardCharsets.UTF_8));

      Sizes sizes = assetSizes(base, Path.of(opts.get("jar")));
      log("scripts and styles: %,d bytes gzip, %,d raw (%d files)", sizes.gzip, sizes.raw, sizes.files);

      int runs = Integer.parseInt(opts.get("runs"));
      List<Map<String, Object>> results = new ArrayList<>();
      String browserVersion;
      ChromeDriver driver = browser(work.resolve("chromium-profile"));
      try {
        browserVersion = driver.getCapabilities().getBrowserVersion();
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
            Map.of("source", PROBE.formatted(PANELS)));
        for (int i = 0; i < runs; i++) {
          driver.get(base + "/dashboards/" + UID + "?range=" + opts.get("span"));
          @SuppressWarnings("unchecked")
          Map<String, Object> r = (Map<String, Object>) driver.executeAsyncScript(COLLECT);
          results.add(r);
          log("run %2d: all %d panels done at %.0f ms (data complete at %.0f ms, %d queries, %s errors)",
              i + 1, PANELS, num(r, "done"), num(r, "lastData"), (long) num(r, "queries"), r.get("errors"));
          driver.get("about:blank");
        }
      } finally {
        driver.quit();
      }
      String md = report(args, data, ingest, sizes, results, browserVersion);
      System.out.println(md);
      writeInto(Path.of(opts.get("out")), md);
    } finally {
      server.stop(30_000);
    }
  }

  private static double num(Map<String, Object> r, String key) {
    return ((Number) r.get(key)).doubleValue();
  }

  private ChromeDriver browser(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(opts.get("chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1600,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(opts.get("chromedriver")).toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return driver;
  }

  /** Remote write of the whole dataset in time order, a few threads per round of steps. */
  private static long[] ingest(Server server, Dataset data) throws Exception {
    int senders = 4;
    Workload w = new Workload(data, senders, 20, 5000, Runtime.getRuntime().availableProcessors());
    AtomicLong rejected = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      for (int round = 0; round < w.rounds(); round++) {
        List<Future<?>> sent = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
          List<byte[]> bodies = w.requests.get(s).get(round);
          sent.add(pool.submit(() -> {
            for (byte[] body : bodies) {
              Server.Response r = server.post(server.writePath(), body);
              if (r.status() / 100 == 4) {
                rejected.incrementAndGet();
              } else if (r.status() / 100 != 2) {
                throw new IOException("remote write: HTTP " + r.status() + " " + r.body());
              }
            }
            return null;
          }));
        }
        for (Future<?> f : sent) {
          f.get();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new long[] {w.samples, rejected.get()};
  }

  private static void put(String url, byte[] body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setRequestMethod("PUT");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    if (c.getResponseCode() != 200) {
      throw new IOException("saving the dashboard: HTTP " + c.getResponseCode());
    }
  }

  record Sizes(long gzip, long raw, int files) {}

  /**
   * Every script and style the console serves, fetched as a browser would, gzip and plain: its
   * own files (listed from the jar) under the page's asset path, and the vendor files the page
   * links.
   */
  private static Sizes assetSizes(String base, Path jar) throws IOException {
    String page = fetch(base + "/", false).text();
    Matcher assets = Pattern.compile("\"(/assets/[0-9a-f]+/)app\\.js\"").matcher(page);
    if (!assets.find()) {
      throw new IllegalStateException("no asset path in the console page");
    }
    List<String> paths = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      String root = "io/bongsu/console/static/";
      j.stream().map(e -> e.getName())
          .filter(n -> n.startsWith(root) && (n.endsWith(".js") || n.endsWith(".css")))
          .forEach(n -> paths.add(assets.group(1) + n.substring(root.length())));
    }
    Matcher vendor = Pattern.compile("\"(/assets/vendor/[^\"]+\\.(?:js|css))\"").matcher(page);
    while (vendor.find()) {
      paths.add(vendor.group(1));
    }
    long gzip = 0;
    long raw = 0;
    for (String p : paths) {
      gzip += fetch(base + p, true).bytes();
      raw += fetch(base + p, false).bytes();
    }
    return new Sizes(gzip, raw, paths.size());
  }

  record Fetched(long bytes, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * The body as transferred and its decoded bytes. Files under a kilobyte are sent as they are
   * even when gzip is asked for (compressing them would save nothing), so they count raw.
   */
  private static Fetched fetch(String url, boolean gzip) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    if (gzip) {
      c.setRequestProperty("Accept-Encoding", "gzip");
    }
    if (c.getResponseCode() != 200) {
      throw new IOException(url + ": HTTP " + c.getResponseCode());
    }
    byte[] body;
    try (InputStream in = c.getInputStream()) {
      body = in.readAllBytes();
    }
    byte[] decoded = body;
    if ("gzip".equals(c.getContentEncoding())) {
      try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
        decoded = in.readAllBytes();
      }
    }
    return new Fetched(body.length, decoded);
  }

  /** 20 panels over the dataset's node and app series, as a team's overview would have. */
  static String dashboard() {
    List<String> panels = new ArrayList<>();
    String ri = "[$__rate_interval]";
    int[] y = {0};
    // Six stats and gauges across the top.
    String[][] top = {
        {"stat", "Hosts up", "count(up{job=\"node\"} == 1)", "short"},
        {"stat", "Request rate", "sum(rate(http_requests_total" + ri + "))", "reqps"},
        {"gauge", "Fleet CPU busy", "1 - avg(rate(node_cpu_seconds_total{mode=\"idle\"}" + ri + "))", "percentunit"},
        {"gauge", "Fleet memory used", "1 - sum(node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes)", "percentunit"},
        {"stat", "Error ratio", "sum(rate(http_requests_total{status=\"500\"}" + ri + ")) / sum(rate(http_requests_total" + ri + "))", "percentunit"},
        {"stat", "p99 latency", "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket" + ri + ")))", "s"},
    };
    for (int i = 0; i < top.length; i++) {
      panels.add(panel(top[i][0], top[i][1], i * 4, 0, 4, 4, top[i][3], top[i][2], ""));
    }
    y[0] = 4;
    String[][] graphs = {
        {"12", "CPU busy by host", "1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}" + ri + "))", "percentunit", "{{instance}}"},
        {"12", "CPU by mode", "sum by (mode) (rate(node_cpu_seconds_total{mode!=\"idle\"}" + ri + "))", "short", "{{mode}}"},
        {"8", "Memory available", "node_memory_MemAvailable_bytes", "bytes", "{{instance}}"},
        {"8", "Load (1m)", "node_load1", "short", "{{instance}}"},
        {"8", "Network received", "sum by (instance) (rate(node_network_receive_bytes_total{device=\"eth0\"}" + ri + "))", "Bps", "{{instance}}"},
        {"8", "Network sent", "sum by (instance) (rate(node_network_transmit_bytes_total{device=\"eth0\"}" + ri + "))", "Bps", "{{instance}}"},
        {"8", "Disk written", "sum by (instance) (rate(node_disk_written_bytes_total" + ri + "))", "Bps", "{{instance}}"},
        {"8", "Root filesystem used", "1 - node_filesystem_avail_bytes{mountpoint=\"/\"} / node_filesystem_size_bytes{mountpoint=\"/\"}", "percentunit", "{{instance}}"},
        {"12", "Requests by handler", "sum by (handler) (rate(http_requests_total" + ri + "))", "reqps", "{{handler}}"},
        {"12", "p99 latency by handler", "histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket" + ri + ")))", "s", "{{handler}}"},
        {"8", "Errors by handler", "sum by (handler) (rate(http_requests_total{status=\"500\"}" + ri + "))", "reqps", "{{handler}}"},
        {"8", "JVM heap by pod", "sum by (pod) (jvm_memory_used_bytes{area=\"heap\"})", "bytes", "{{pod}}"},
        {"8", "GC pause time", "sum by (gc) (rate(jvm_gc_pause_seconds_sum" + ri + "))", "s", "{{gc}}"},
    };
    int x = 0;
    for (String[] g : graphs) {
      int w = Integer.parseInt(g[0]);
      if (x + w > 24) {
        x = 0;
        y[0] += 8;
      }
      panels.add(panel("timeseries", g[1], x, y[0], w, 8, g[3], g[2], g[4]));
      x += w;
    }
    y[0] += 8;
    panels.add(panel("table", "Root filesystem free", 0, y[0], 24, 8, "bytes",
        "node_filesystem_avail_bytes{mountpoint=\"/\"}", "{{instance}}"));
    if (panels.size() != PANELS) {
      throw new IllegalStateException(panels.size() + " panels");
    }
    return """
        {"title": "Console benchmark: node and app overview", "tags": ["bench"],
         "time": {"from": "now-6h", "to": "now"}, "templating": {"list": []},
         "panels": [%s]}""".formatted(String.join(",\n", panels));
  }

  private static String panel(String type, String title, int x, int y, int w, int h, String unit,
      String expr, String legend) {
    return """
        {"type": "%s", "title": "%s", "gridPos": {"x": %d, "y": %d, "w": %d, "h": %d},
         "fieldConfig": {"defaults": {"unit": "%s"}},
         "targets": [{"expr": "%s", "legendFormat": "%s"}]}""".formatted(type, title, x, y, w, h,
        unit, expr.replace("\"", "\\\""), legend);
  }

  private String report(String[] args, Dataset data, long[] ingest, Sizes sizes,
      List<Map<String, Object>> runs, String browserVersion) throws IOException {
    double[] total = runs.stream().mapToDouble(r -> num(r, "done")).toArray();
    double[] afterData = runs.stream().mapToDouble(r -> num(r, "done") - num(r, "lastData")).toArray();
    double[] dataAt = runs.stream().mapToDouble(r -> num(r, "lastData")).toArray();
    double[] firstQuery = runs.stream().mapToDouble(r -> num(r, "firstQuery")).toArray();
    long errors = runs.stream().mapToLong(r -> ((Number) r.get("errors")).longValue()).sum();
    Map<String, Object> cold = runs.get(0);
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2))
        .orElse("unknown CPU");
    String version = Server.Proc.run("java", "-jar", Path.of(opts.get("jar")).toAbsolutePath().toString(),
        "--version").trim();
    StringBuilder md = new StringBuilder();
    md.append(BEGIN).append('\n');
    md.append("### Run of ").append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("\n\n");
    md.append("Command: `java -cp bench/target/bongsu-bench.jar io.bongsu.bench.ConsoleBench")
        .append(args.length == 0 ? "" : " " + String.join(" ", args)).append("`\n\n");
    md.append(String.format(Locale.ROOT, "- Machine: %s, %d cores, load average before the runs %s"
            + "(shared with other work: wall-clock numbers are noisy)%n",
        cpu, Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1 ")));
    md.append(String.format(Locale.ROOT, "- Versions: %s, Chromium %s (headless, 1600x1000), Selenium %s%n",
        version, browserVersion,
        new org.openqa.selenium.BuildInfo().getReleaseLabel()));
    md.append(String.format(Locale.ROOT, "- Data: %,d active series (half node_exporter-like hosts, half app "
            + "instances), one sample every %s for %s, %,d samples by remote write (%,d requests rejected)%n",
        data.activeSeries(), opts.get("interval"), opts.get("span"), ingest[0], ingest[1]));
    md.append(String.format(Locale.ROOT, "- Dashboard: %d panels (6 stat/gauge, 13 time series, 1 table) "
            + "over the last %s, %d queries per load; %d page loads, panel errors: %d%n%n",
        PANELS, opts.get("span"), (long) num(cold, "queries"), runs.size(), errors));
    md.append("| per page load (ms) | median | p95 | max | first (cold cache) |\n|---|---:|---:|---:|---:|\n");
    row(md, "navigation start → every panel done", total, num(cold, "done"));
    row(md, "navigation start → first query sent", firstQuery, num(cold, "firstQuery"));
    row(md, "navigation start → last query answer", dataAt, num(cold, "lastData"));
    row(md, "**last query answer → every panel done**", afterData, num(cold, "done") - num(cold, "lastData"));
    md.append("\nSlowest queries (median time from request start to the end of the answer, "
        + "over the page loads; the browser runs at most six at once):\n\n"
        + "| query | median ms |\n|---|---:|\n");
    Map<String, List<Double>> byQuery = new LinkedHashMap<>();
    for (Map<String, Object> r : runs) {
      for (Object o : (List<?>) r.get("perQuery")) {
        List<?> q = (List<?>) o;
        byQuery.computeIfAbsent(String.valueOf(q.get(0)), k -> new ArrayList<>())
            .add(((Number) q.get(1)).doubleValue());
      }
    }
    byQuery.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), percentile(e.getValue().stream().mapToDouble(d -> d).sorted().toArray(), 0.5)))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(5)
        .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.0f |%n",
            e.getKey().replace("|", "\\|"), e.getValue())));
    md.append(String.format(Locale.ROOT, "%nScripts and styles served (all %d console files plus uPlot): "
            + "**%,d bytes gzip**, %,d bytes raw. The dashboard page itself loaded %d of them: "
            + "%,d bytes gzip, %,d raw.%n",
        sizes.files, sizes.gzip, sizes.raw, (long) num(cold, "assets"), (long) num(cold, "assetBytes"),
        (long) num(cold, "assetRawBytes")));
    md.append(END).append('\n');
    return md.toString();
  }

  private static void row(StringBuilder md, String name, double[] values, double cold) {
    double[] s = values.clone();
    Arrays.sort(s);
    md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", name,
        percentile(s, 0.5), percentile(s, 0.95), s[s.length - 1], cold));
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Replaces the text between this benchmark's markers, or appends it with a heading. */
  private static void writeInto(Path file, String md) throws IOException {
    String doc = Files.exists(file) ? Files.readString(file) : "";
    int b = doc.indexOf(BEGIN);
    int e = doc.indexOf(END);
    String next = b >= 0 && e > b
        ? doc.substring(0, b) + md + doc.substring(e + END.length() + 1)
        : doc + (doc.endsWith("\n") ? "\n" : "\n\n") + md;
    Files.writeString(file, next);
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[console-bench] " + format + "%n", args);
  }
}
