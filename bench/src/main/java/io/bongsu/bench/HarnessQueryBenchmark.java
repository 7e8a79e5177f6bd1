package io.bongsu.bench;

import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import io.bongsu.common.labels.Labels;
import io.bongsu.promql.QueryResult;
import io.bongsu.promql.engine.EngineOptions;
import io.bongsu.promql.engine.PromqlEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The side-by-side harness's PromQL query set (see {@code MetricsBench}) evaluated in-process on
 * a {@link Tsdb} loaded with the same {@link Dataset}: one cut 2h block plus the head, queries at
 * the end of the data, range queries over 1h at a 60s step. Without HTTP and JSON, so it shows
 * the engine and storage alone. The TSDB is built once per JVM and series count, so run with
 * {@code -f 0} (or one fork per query) to avoid rebuilding it per query:
 * {@code java -jar bench/target/bongsu-bench.jar HarnessQueryBenchmark -f 0 -prof gc}.
 *
 * <p>On a shared machine wall time is noisy; {@link #main} instead reports the evaluating
 * thread's CPU time and allocated bytes per query (median over repetitions after a warm-up):
 * {@code java -cp bench/target/bongsu-bench.jar io.bongsu.bench.HarnessQueryBenchmark 20000 200}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HarnessQueryBenchmark {
  private static final long INTERVAL = 60_000;
  private static final int STEPS = 190;
  private static final String HOST = Dataset.hostInstance(1);
  /**
   * The harness's queries by their short name; R* are range queries (1h at 60s). L* are the
   * console's slowest panels as long range queries (3h at 15s, 721 steps), their windows at 5m
   * since this dataset is scraped every 60s.
   */
  static final Map<String, String> QUERIES = Map.ofEntries(
      Map.entry("Q1", "node_memory_MemAvailable_bytes{instance=\"" + HOST + "\"}"),
      Map.entry("Q2", "rate(node_network_receive_bytes_total{instance=\"" + HOST
          + "\",device=\"eth0\"}[5m])"),
      Map.entry("Q3", "sum by (mode) (rate(node_cpu_seconds_total[5m]))"),
      Map.entry("Q4", "histogram_quantile(0.99, sum by (le, handler) "
          + "(rate(http_request_duration_seconds_bucket[5m])))"),
      Map.entry("Q5", "count by (__name__) ({__name__=~\"node_filesystem_.+\"})"),
      Map.entry("R1", "rate(node_cpu_seconds_total{instance=\"" + HOST
          + "\",mode=\"user\"}[5m])"),
      Map.entry("R2", "sum by (instance) (rate(node_network_receive_bytes_total{device=\"eth0\"}[5m]))"),
      Map.entry("R3", "sum by (handler, status) (rate(http_requests_total[5m]))"),
      Map.entry("R4", "avg by (instance) (1 - rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))"),
      Map.entry("L1", "histogram_quantile(0.99, sum by (le, handler) "
          + "(rate(http_request_duration_seconds_bucket[5m])))"),
      Map.entry("L2", "sum by (mode) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m]))"),
      Map.entry("L3", "sum by (pod) (jvm_memory_used_bytes{area=\"heap\"})"),
      Map.entry("L4", "1 - node_filesystem_avail_bytes{mountpoint=\"/\"} "
          + "/ node_filesystem_size_bytes{mountpoint=\"/\"}"));

  private static final Map<Integer, Loaded> LOADED = new HashMap<>();

  @Param({"20000"})
  public int series;

  @Param({"Q1", "Q2", "Q3", "Q4", "Q5", "R1", "R2", "R3", "R4", "L1", "L2", "L3", "L4"})
  public String query;

  private Loaded db;
  private String expr;

  /** A TSDB holding the dataset, shared by every query of one JVM; deleted at exit. */
  record Loaded(Tsdb tsdb, PromqlEngine engine, long end) {}

  @Setup(Level.Trial)
  public void setUp() {
    synchronized (LOADED) {
      db = LOADED.computeIfAbsent(series, HarnessQueryBenchmark::load);
    }
    expr = QUERIES.get(query);
  }

  static Loaded load(int series) {
    try {
      Path dir = Files.createTempDirectory("bongsu-harness-query");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      long twoHours = 7_200_000;
      long span = STEPS * INTERVAL;
      long start = Math.floorDiv(System.currentTimeMillis() - span - twoHours, twoHours)
          * twoHours;
      Dataset data = new Dataset(series, start, INTERVAL, STEPS, 36_000_000L, 42);
      Tsdb tsdb = Tsdb.open(dir, TsdbOptions.defaults().withBackgroundMaintenance(false));
      long end = Long.MIN_VALUE;
      Map<String[], Labels> labelCache = new java.util.IdentityHashMap<>();
      for (int step = 0; step < STEPS; step++) {
        Appender app = tsdb.appender();
        for (Dataset.Source t : data.targets) {
          long time = t.timestamp(start, step);
          String[][] labels = t.labels(step * INTERVAL);
          double[] values = t.scrape();
          for (int i = 0; i < labels.length; i++) {
            Labels l = labelCache.computeIfAbsent(labels[i], Labels::of);
            app.append(0, l, time, values[i]);
          }
          end = Math.max(end, time);
        }
        app.commit();
      }
      tsdb.maintain();
      return new Loaded(tsdb, new PromqlEngine(tsdb, EngineOptions.defaults()), end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // Temporary files only; the OS cleans up the rest.
    }
  }

  /** Evaluates one harness query as the harness asks it (at second precision). */
  static QueryResult run(Loaded db, String name, String expr) {
    long end = db.end() / 1000 * 1000;
    return switch (name.charAt(0)) {
      case 'R' -> db.engine().range(expr, end - 3_600_000, end, 60_000);
      case 'L' -> db.engine().range(expr, end - 10_800_000, end, 15_000);
      default -> db.engine().instant(expr, end);
    };
  }

  /**
   * Arguments: series (default 20000), repetitions per query (default 200), and optionally the
   * names of the queries to run (comma-separated, default all).
   */
  public static void main(String[] args) {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    Loaded db = load(series);
    System.out.printf("loaded %d series in %.1f s%n", series, (System.nanoTime() - t0) / 1e9);
    System.out.println("| query | CPU µs/query (median) | allocated KB/query | result series |");
    System.out.println("|---|---|---|---|");
    java.util.Set<String> names = new java.util.TreeSet<>(QUERIES.keySet());
    if (args.length > 2) {
      names.retainAll(java.util.List.of(args[2].split(",")));
    }
    for (String name : names) {
      String expr = QUERIES.get(name);
      for (int i = 0; i < reps; i++) {
        run(db, name, expr);
      }
      long[] cpu = new long[reps];
      long[] bytes = new long[reps];
      int resultSeries = 0;
      for (int i = 0; i < reps; i++) {
        long c = mx.getCurrentThreadCpuTime();
        long b = mx.getCurrentThreadAllocatedBytes();
        QueryResult r = run(db, name, expr);
        bytes[i] = mx.getCurrentThreadAllocatedBytes() - b;
        cpu[i] = mx.getCurrentThreadCpuTime() - c;
        resultSeries = r instanceof QueryResult.Matrix m ? m.series().size()
            : ((QueryResult.Vector) r).samples().size();
      }
      java.util.Arrays.sort(cpu);
      java.util.Arrays.sort(bytes);
      System.out.printf("| %s | %.1f | %.1f | %d |%n", name, cpu[reps / 2] / 1e3,
          bytes[reps / 2] / 1024.0, resultSeries);
    }
    System.exit(0);
  }

  @Benchmark
  public QueryResult evaluate() {
    return run(db, query, expr);
  }
}
