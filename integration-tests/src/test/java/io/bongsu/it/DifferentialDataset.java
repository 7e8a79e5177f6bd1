package io.bongsu.it;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The differential suite's data: one OpenMetrics file, the same for Prometheus and Bongsu.
 * Values come from a fixed seed; only the start time moves with the clock, so the data always
 * lies in the recent past (inside any retention) while queries address it relative to
 * {@link #start()} and {@link #end()}.
 *
 * <p>It holds what PromQL semantics hinge on: counters that reset (to zero and to non-zero),
 * gauges with NaN, ±Inf, -0 and values from 1e-300 to 1e300, a gap longer than the lookback,
 * series that stop or start midway, sparse series, samples on exact 15 s multiples (range
 * boundaries) and jittered ones (extrapolation), classic histograms (a well-formed one, one
 * without {@code +Inf}, one non-monotonic) and summaries, and several label dimensions.
 */
final class DifferentialDataset {
  static final long STEP_MS = 15_000;
  /** Two hours of 15 s steps. */
  static final int STEPS = 480;
  private static final long SEED = 20261124L;

  private final long start;
  private final Random random = new Random(SEED);
  private final StringBuilder out = new StringBuilder(1 << 22);

  private DifferentialDataset(long start) {
    this.start = start;
  }

  /** A dataset whose first sample lies on a whole hour about four hours before now. */
  static DifferentialDataset aroundNow() {
    long hour = 3_600_000L;
    long start = (System.currentTimeMillis() - 4 * hour) / hour * hour;
    return new DifferentialDataset(start);
  }

  /** Unix ms of the first step. */
  long start() {
    return start;
  }

  /** Unix ms of the last step. */
  long end() {
    return start + (STEPS - 1) * STEP_MS;
  }

  void write(Path file) throws IOException {
    generate();
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write(out.toString());
    }
  }

  private void generate() {
    httpRequests();
    nodeCpu();
    memory();
    temperature();
    specialValues();
    stoppingSeries();
    durationHistogram();
    brokenHistogram();
    rpcSummary();
    up();
    buildInfo();
    urlInfo();
    duplicates();
    queueLength();
    untyped();
    errorsCounter();
    rareEvents();
    bytesCounter();
    jvmMicrometer();
    springHttp();
    writeGrouped();
    out.append("# EOF\n");
  }

  // --- families ---

  private void httpRequests() {
    family("http_requests", "counter", "Requests served.");
    String[] instances = {"a:8080", "b:8080", "c:8080"};
    String[] methods = {"GET", "POST"};
    String[] codes = {"200", "404", "500"};
    for (String inst : instances) {
      for (String method : methods) {
        for (String code : codes) {
          double perStep = switch (code) {
            case "200" -> method.equals("GET") ? 40 : 12;
            case "404" -> 2;
            default -> 0.3;
          };
          double v = random.nextInt(1000);
          List<double[]> points = new ArrayList<>();
          for (int i = 0; i < STEPS; i++) {
            if (inst.equals("a:8080") && i >= 240 && i < 290) {
              continue;
            }
            if ((inst.equals("b:8080") && i == 200) || (inst.equals("c:8080") && (i == 100 || i == 350))) {
              v = 0;
            }
            v += perStep < 1 ? (random.nextDouble() < perStep ? 1 : 0)
                : Math.floor(perStep * 2 * random.nextDouble());
            points.add(new double[] {jittered(i), v});
          }
          series("http_requests_total", points, "job", "api", "instance", inst, "method", method,
              "code", code);
        }
      }
    }
  }

  private void nodeCpu() {
    family("node_cpu_seconds", "counter", "Seconds the CPUs spent in each mode.");
    String[] modes = {"idle", "iowait", "system", "user"};
    double[] share = {0.7, 0.05, 0.1, 0.15};
    for (String inst : new String[] {"n1:9100", "n2:9100"}) {
      for (String cpu : new String[] {"0", "1"}) {
        for (int m = 0; m < modes.length; m++) {
          double v = 1e5 * random.nextDouble();
          List<double[]> points = new ArrayList<>();
          for (int i = 0; i < STEPS; i++) {
            v += 15 * share[m] * (0.5 + random.nextDouble());
            points.add(new double[] {exact(i), round(v, 2)});
          }
          series("node_cpu_seconds_total", points, "job", "node", "instance", inst, "cpu", cpu,
              "mode", modes[m]);
        }
      }
    }
  }

  private void memory() {
    family("node_memory_MemAvailable_bytes", "gauge", "Memory available.");
    for (String inst : new String[] {"n1:9100", "n2:9100"}) {
      double v = 8e9 + 1e9 * random.nextDouble();
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        v += 4e7 * (random.nextDouble() - 0.5);
        points.add(new double[] {exact(i), Math.rint(v / 4096) * 4096});
      }
      series("node_memory_MemAvailable_bytes", points, "job", "node", "instance", inst);
    }
    family("node_memory_MemTotal_bytes", "gauge", "Memory total.");
    for (String inst : new String[] {"n1:9100", "n2:9100"}) {
      series("node_memory_MemTotal_bytes", constant(16e9), "job", "node", "instance", inst);
    }
  }

  private void temperature() {
    family("temperature_celsius", "gauge", "Temperatures.");
    String[][] sensors = {{"cpu", "rack1", "55"}, {"gpu", "rack1", "70"}, {"ambient", "rack2", "-3"}};
    for (String[] s : sensors) {
      double base = Double.parseDouble(s[2]);
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        double v = base + 10 * Math.sin(i / 40.0) + 3 * random.nextGaussian();
        points.add(new double[] {jittered(i), round(v, 3)});
      }
      series("temperature_celsius", points, "sensor", s[0], "location", s[1]);
    }
  }

  private void specialValues() {
    family("special_value", "gauge", "NaN, infinities and extreme magnitudes.");
    double[] cycle = {1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0, -2.5};
    String[] cases = {"nan", "inf", "ninf", "mixed", "tiny", "huge", "zero", "negzero", "neg", "step"};
    for (String c : cases) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        double v = switch (c) {
          case "nan" -> Double.NaN;
          case "inf" -> Double.POSITIVE_INFINITY;
          case "ninf" -> Double.NEGATIVE_INFINITY;
          case "mixed" -> cycle[i % cycle.length];
          case "tiny" -> 1e-300 * (1 + i % 7);
          case "huge" -> 1e300 * (1 + i % 5);
          case "zero" -> 0;
          case "negzero" -> -0.0;
          case "neg" -> -1.5e10 - i;
          default -> i < 240 ? 1 : 1e-9 * i;
        };
        points.add(new double[] {exact(i), v});
      }
      series("special_value", points, "case", c);
    }
  }

  private void stoppingSeries() {
    family("task_progress", "gauge", "Series that stop, start late, or are sparse.");
    for (String task : new String[] {"stops_early", "starts_late", "sparse", "stops_late"}) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        boolean present = switch (task) {
          case "stops_early" -> i < 160;
          case "starts_late" -> i >= 200;
          case "sparse" -> i % 24 == 0;
          default -> i < STEPS - 10;
        };
        if (present) {
          points.add(new double[] {jittered(i), round(i * 0.25 + random.nextDouble(), 4)});
        }
      }
      series("task_progress", points, "task", task);
    }
  }

  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private void durationHistogram() {
    family("http_request_duration_seconds", "histogram", "Request latency.");
    for (String inst : new String[] {"a:8080", "b:8080"}) {
      long[][] buckets = new long[STEPS][BUCKETS.length + 1];
      double[] sums = new double[STEPS];
      long[] cum = new long[BUCKETS.length + 1];
      double sum = 0;
      for (int i = 0; i < STEPS; i++) {
        if (inst.equals("b:8080") && i == 300) {
          cum = new long[BUCKETS.length + 1];
          sum = 0;
        }
        int n = 5 + random.nextInt(25);
        for (int k = 0; k < n; k++) {
          double obs = Math.exp(random.nextGaussian() * 1.3 - 2.5);
          sum += obs;
          for (int b = 0; b <= BUCKETS.length; b++) {
            if (b == BUCKETS.length || obs <= BUCKETS[b]) {
              cum[b]++;
            }
          }
        }
        buckets[i] = cum.clone();
        sums[i] = round(sum, 6);
      }
      for (int b = 0; b <= BUCKETS.length; b++) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
          points.add(new double[] {exact(i), buckets[i][b]});
        }
        String le = b == BUCKETS.length ? "+Inf" : leText(BUCKETS[b]);
        series("http_request_duration_seconds_bucket", points, "job", "api", "instance", inst, "le", le);
      }
      List<double[]> sumPoints = new ArrayList<>();
      List<double[]> countPoints = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        sumPoints.add(new double[] {exact(i), sums[i]});
        countPoints.add(new double[] {exact(i), buckets[i][BUCKETS.length]});
      }
      series("http_request_duration_seconds_sum", sumPoints, "job", "api", "instance", inst);
      series("http_request_duration_seconds_count", countPoints, "job", "api", "instance", inst);
    }
  }

  /** Buckets that histogram_quantile must cope with: no +Inf bucket, and non-monotonic counts. */
  private void brokenHistogram() {
    family("odd_latency_seconds", "histogram", "Malformed classic histograms.");
    String[] les = {"0.1", "0.5", "1", "+Inf"};
    for (String kind : new String[] {"no_inf", "non_monotonic"}) {
      double[] cum = new double[les.length];
      double[][] values = new double[STEPS][];
      for (int i = 0; i < STEPS; i++) {
        double add = 1 + random.nextInt(5);
        for (int b = 0; b < les.length; b++) {
          cum[b] += add * (b + 1);
        }
        values[i] = cum.clone();
        if (kind.equals("non_monotonic") && i % 3 == 0) {
          values[i][1] = values[i][2] + 2;
        }
      }
      for (int b = 0; b < les.length; b++) {
        if (kind.equals("no_inf") && les[b].equals("+Inf")) {
          continue;
        }
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
          points.add(new double[] {exact(i), values[i][b]});
        }
        series("odd_latency_seconds_bucket", points, "kind", kind, "le", les[b]);
      }
    }
  }

  private void rpcSummary() {
    family("rpc_duration_seconds", "summary", "RPC latency.");
    for (String service : new String[] {"auth", "billing"}) {
      double count = 0;
      double sum = 0;
      List<double[]> q50 = new ArrayList<>();
      List<double[]> q90 = new ArrayList<>();
      List<double[]> q99 = new ArrayList<>();
      List<double[]> sums = new ArrayList<>();
      List<double[]> counts = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        double median = 0.02 + 0.01 * random.nextDouble();
        int n = random.nextInt(40);
        count += n;
        sum += n * median * 1.2;
        long t = jittered(i);
        q50.add(new double[] {t, round(median, 6)});
        q90.add(new double[] {t, round(median * 3, 6)});
        q99.add(new double[] {t, n == 0 ? Double.NaN : round(median * 9, 6)});
        sums.add(new double[] {t, round(sum, 6)});
        counts.add(new double[] {t, count});
      }
      series("rpc_duration_seconds", q50, "service", service, "quantile", "0.5");
      series("rpc_duration_seconds", q90, "service", service, "quantile", "0.9");
      series("rpc_duration_seconds", q99, "service", service, "quantile", "0.99");
      series("rpc_duration_seconds_sum", sums, "service", service);
      series("rpc_duration_seconds_count", counts, "service", service);
    }
  }

  private void up() {
    family("up", "gauge", "Target health.");
    String[][] targets = {{"api", "a:8080"}, {"api", "b:8080"}, {"api", "c:8080"},
        {"node", "n1:9100"}, {"node", "n2:9100"}};
    for (String[] t : targets) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        boolean down = t[1].equals("c:8080") && i >= 120 && i < 180;
        points.add(new double[] {exact(i), down ? 0 : 1});
      }
      series("up", points, "job", t[0], "instance", t[1]);
    }
  }

  private void buildInfo() {
    family("build_info", "gauge", "Version of each target.");
    String[][] targets = {{"api", "a:8080", "1.0"}, {"api", "b:8080", "1.1"}, {"api", "c:8080", "1.1"},
        {"node", "n1:9100", "2.0"}, {"node", "n2:9100", "2.0"}};
    for (String[] t : targets) {
      series("build_info", constant(1), "job", t[0], "instance", t[1], "version", t[2]);
    }
  }

  private void urlInfo() {
    family("url_info", "gauge", "Labels for label_replace and label_join.");
    series("url_info", constant(1), "path", "/api/v1/users", "addr", "10.0.0.1:8080",
        "host", "web-1.example.com");
    series("url_info", constant(2), "path", "/health", "addr", "[::1]:9090",
        "host", "localhost");
    series("url_info", constant(3), "path", "", "addr", "10.0.0.2", "host", "WEB-2");
  }

  /** Two series that collide once the replica label is ignored: many-to-many and duplicates. */
  private void duplicates() {
    family("dup_metric", "gauge", "Series differing only by replica.");
    for (String replica : new String[] {"1", "2"}) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        points.add(new double[] {exact(i), replica.equals("1") ? i : -i});
      }
      series("dup_metric", points, "job", "api", "instance", "a:8080", "replica", replica);
    }
  }

  private void queueLength() {
    family("queue_length", "gauge", "Small integers with repeats, for count_values.");
    for (int q = 1; q <= 5; q++) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        points.add(new double[] {jittered(i), random.nextInt(4)});
      }
      series("queue_length", points, "queue", "q" + q, "shard", Integer.toString(q % 2));
    }
  }

  private void untyped() {
    family("mystery_value", "unknown", "No type.");
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < STEPS; i++) {
      points.add(new double[] {exact(i), round(1000 * Math.cos(i / 17.0), 5)});
    }
    series("mystery_value", points, "source", "x");
  }

  /** A counter that resets to a non-zero value. */
  private void errorsCounter() {
    family("app_errors", "counter", "Errors.");
    for (String kind : new String[] {"timeout", "refused"}) {
      double v = 50;
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        if (i % 130 == 129) {
          v = 3 + random.nextInt(3);
        }
        v += random.nextInt(3);
        points.add(new double[] {jittered(i), v});
      }
      series("app_errors_total", points, "kind", kind, "job", "api");
    }
  }

  /** A counter sampled every ten minutes: ranges shorter than that hold one sample or none. */
  private void rareEvents() {
    family("rare_events", "counter", "Sparse counter.");
    double v = 0;
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < STEPS; i += 40) {
      v += 1 + random.nextInt(10);
      points.add(new double[] {jittered(i), v});
    }
    series("rare_events_total", points, "job", "batch");
  }

  private void bytesCounter() {
    family("network_bytes", "counter", "Large-magnitude counter.");
    for (String dev : new String[] {"eth0", "lo"}) {
      double v = dev.equals("eth0") ? 3.2e12 : 1e6;
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        v += dev.equals("eth0") ? 1e6 + 1e8 * random.nextDouble() : random.nextInt(2000);
        points.add(new double[] {exact(i), v});
      }
      series("network_bytes_total", points, "device", dev, "instance", "n1:9100", "job", "node");
    }
  }

  /** What Micrometer's Prometheus registry exposes for a JVM, as the JVM dashboards query it. */
  private void jvmMicrometer() {
    String[][] pools = {{"heap", "G1 Eden Space"}, {"heap", "G1 Old Gen"}, {"heap", "G1 Survivor Space"},
        {"nonheap", "Metaspace"}, {"nonheap", "CodeCache"}};
    double[] max = {-1, 4.294967296E9, -1, -1, 2.5165824E8};
    declare("jvm_memory_used_bytes", "gauge", "The amount of used memory");
    declare("jvm_memory_max_bytes", "gauge", "The maximum amount of memory in bytes");
    for (String inst : new String[] {"app1:8080", "app2:8080"}) {
      for (int p = 0; p < pools.length; p++) {
        List<double[]> used = new ArrayList<>();
        double v = 1e7 + random.nextInt(50_000_000);
        for (int i = 0; i < STEPS; i++) {
          v = p == 0 && i % 37 == 36 ? 1e6 : v + random.nextInt(2_000_000);
          used.add(new double[] {jittered(i), v});
        }
        String[] labels = {"application", "demo", "job", "spring", "instance", inst,
            "area", pools[p][0], "id", pools[p][1]};
        grouped("jvm_memory_used_bytes", "jvm_memory_used_bytes", used, labels);
        grouped("jvm_memory_max_bytes", "jvm_memory_max_bytes", constant(max[p]), labels);
      }
    }
    declare("jvm_gc_pause_seconds", "summary", "Time spent in GC pause");
    for (String inst : new String[] {"app1:8080", "app2:8080"}) {
      double count = 0;
      double sum = 0;
      List<double[]> counts = new ArrayList<>();
      List<double[]> sums = new ArrayList<>();
      List<double[]> maxes = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        int pauses = random.nextInt(3);
        double longest = 0;
        for (int k = 0; k < pauses; k++) {
          double d = 0.001 + random.nextDouble() * 0.05;
          sum += d;
          longest = Math.max(longest, d);
        }
        count += pauses;
        long t = jittered(i);
        counts.add(new double[] {t, count});
        sums.add(new double[] {t, round(sum, 6)});
        maxes.add(new double[] {t, round(longest, 6)});
      }
      String[] labels = {"application", "demo", "job", "spring", "instance", inst,
          "action", "end of minor GC", "cause", "G1 Evacuation Pause"};
      grouped("jvm_gc_pause_seconds", "jvm_gc_pause_seconds_count", counts, labels);
      grouped("jvm_gc_pause_seconds", "jvm_gc_pause_seconds_sum", sums, labels);
    declare("jvm_gc_pause_seconds_max", "gauge", "Time spent in GC pause");
      grouped("jvm_gc_pause_seconds_max", "jvm_gc_pause_seconds_max", maxes, labels);
    }
    declare("process_cpu_usage", "gauge", "The recent cpu usage for the Java Virtual Machine process");
    declare("jvm_threads_states_threads", "gauge", "The current number of threads");
    declare("logback_events", "counter", "Number of log events that were enabled by the effective log level");
    for (String inst : new String[] {"app1:8080", "app2:8080"}) {
      List<double[]> cpu = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        cpu.add(new double[] {jittered(i), round(random.nextDouble() * 0.4, 6)});
      }
      grouped("process_cpu_usage", "process_cpu_usage", cpu, "application", "demo", "job", "spring", "instance", inst);
      for (String state : new String[] {"runnable", "waiting", "timed-waiting", "blocked"}) {
        List<double[]> threads = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
          threads.add(new double[] {exact(i), random.nextInt(30)});
        }
        grouped("jvm_threads_states_threads", "jvm_threads_states_threads", threads, "application", "demo", "job", "spring",
            "instance", inst, "state", state);
      }
      for (String level : new String[] {"error", "warn", "info"}) {
        double v = 0;
        List<double[]> events = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
          v += level.equals("info") ? random.nextInt(50) : random.nextInt(level.equals("warn") ? 4 : 2);
          events.add(new double[] {jittered(i), v});
        }
        grouped("logback_events", "logback_events_total", events, "application", "demo", "job", "spring",
            "instance", inst, "level", level);
      }
    }
  }

  /** Spring Boot's http_server_requests summary, as its statistics dashboards query it. */
  private void springHttp() {
    declare("http_server_requests_seconds", "summary", "Duration of HTTP server request handling");
    String[][] routes = {{"GET", "/api/orders", "200", "SUCCESS"}, {"POST", "/api/orders", "201", "SUCCESS"},
        {"GET", "/api/orders/{id}", "404", "CLIENT_ERROR"}, {"GET", "/api/orders", "500", "SERVER_ERROR"},
        {"GET", "/actuator/prometheus", "200", "SUCCESS"}};
    double[] rate = {20, 5, 1, 0.2, 0.25};
    for (String inst : new String[] {"app1:8080", "app2:8080"}) {
      for (int r = 0; r < routes.length; r++) {
        double count = 0;
        double sum = 0;
        List<double[]> counts = new ArrayList<>();
        List<double[]> sums = new ArrayList<>();
        List<double[]> maxes = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
          if (inst.equals("app2:8080") && i == 300) {
            count = 0;
            sum = 0;
          }
          int n = rate[r] < 1 ? (random.nextDouble() < rate[r] ? 1 : 0)
              : (int) Math.floor(rate[r] * 2 * random.nextDouble());
          double longest = 0;
          for (int k = 0; k < n; k++) {
            double d = 0.002 + random.nextDouble() * (r == 3 ? 2 : 0.3);
            sum += d;
            longest = Math.max(longest, d);
          }
          count += n;
          long t = jittered(i);
          counts.add(new double[] {t, count});
          sums.add(new double[] {t, round(sum, 6)});
          maxes.add(new double[] {t, round(longest, 6)});
        }
        String[] labels = {"application", "demo", "job", "spring", "instance", inst,
            "method", routes[r][0], "uri", routes[r][1], "status", routes[r][2],
            "outcome", routes[r][3], "exception", r == 3 ? "IllegalStateException" : "None"};
        grouped("http_server_requests_seconds", "http_server_requests_seconds_count", counts, labels);
        grouped("http_server_requests_seconds", "http_server_requests_seconds_sum", sums, labels);
    declare("http_server_requests_seconds_max", "gauge", "Duration of HTTP server request handling");
        grouped("http_server_requests_seconds_max", "http_server_requests_seconds_max", maxes, labels);
      }
    }
  }

  // --- helpers ---

  /** Families whose series are generated interleaved, written out grouped as OpenMetrics needs. */
  private final java.util.Map<String, StringBuilder> groups = new java.util.LinkedHashMap<>();

  private void declare(String name, String type, String help) {
    groups.computeIfAbsent(name, k -> new StringBuilder()
        .append("# TYPE ").append(name).append(' ').append(type).append('\n')
        .append("# HELP ").append(name).append(' ').append(help).append('\n'));
  }

  private void grouped(String familyName, String name, List<double[]> points, String... labels) {
    int before = out.length();
    series(name, points, labels);
    groups.get(familyName).append(out, before, out.length());
    out.setLength(before);
  }

  private void writeGrouped() {
    groups.values().forEach(out::append);
  }

  private long exact(int step) {
    return start + step * STEP_MS;
  }

  /** A timestamp up to 2 s after the step, so windows rarely start or end on a sample. */
  private long jittered(int step) {
    return start + step * STEP_MS + random.nextInt(2000);
  }

  private List<double[]> constant(double v) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < STEPS; i++) {
      points.add(new double[] {exact(i), v});
    }
    return points;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.rint(v * f) / f;
  }

  private static String leText(double le) {
    String s = Double.toString(le);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  private void family(String name, String type, String help) {
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
  }

  private void series(String name, List<double[]> points, String... labels) {
    StringBuilder head = new StringBuilder(name).append('{');
    for (int i = 0; i < labels.length; i += 2) {
      if (i > 0) {
        head.append(',');
      }
      head.append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
    }
    head.append("} ");
    for (double[] p : points) {
      out.append(head).append(value(p[1])).append(' ');
      long t = (long) p[0];
      out.append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append('\n');
    }
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (v == 0 && Double.doubleToRawLongBits(v) != 0) ? "-0" : Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
