package io.bongsu.bench;

import com.sun.management.OperatingSystemMXBean;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Time to reopen a TSDB with a full WAL, the restart case: N series of the harness's targets
 * (node_exporter-like and application-like label sets), one sample 5h ago, then S-1 samples a
 * minute apart in the last S minutes, written by 4 concurrent appenders in 2,000-sample commits;
 * then a block cut, so the WAL holds a checkpoint (series in hash order, refs out of order) and
 * the segment with every sample. Prints wall time and the process's CPU time (all threads, GC
 * included), which does not depend on other load on the machine.
 * Usage: {@code ReplayBench [SERIES [SAMPLES_PER_SERIES]]}, defaults 50000 and 20.
 */
public final class ReplayBench {
  private static final long HOUR = 3_600_000L;
  private static final int BATCH = 2000;

  private ReplayBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args.length > 0 ? args[0] : "50000");
    int samples = Integer.parseInt(args.length > 1 ? args[1] : "20");
    List<Labels> series = labels(n);
    Path dir = Files.createTempDirectory("bongsu-replay");
    long now = System.currentTimeMillis();
    TsdbOptions options = TsdbOptions.defaults().withBackgroundMaintenance(false);
    try (Tsdb db = Tsdb.open(dir, options)) {
      for (int round = 0; round < samples; round++) {
        long t = round == 0 ? now - 5 * HOUR : now - (samples - round) * 60_000L;
        Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
          int first = w;
          int r = round;
          writers[w] = new Thread(() -> {
            Appender a = db.appender();
            int inBatch = 0;
            for (int s = first; s < n; s += writers.length) {
              a.append(0, series.get(s), t, s + r);
              if (++inBatch == BATCH) {
                a.commit();
                a = db.appender();
                inBatch = 0;
              }
            }
            a.commit();
          });
          writers[w].start();
        }
        for (Thread th : writers) {
          th.join();
        }
      }
      db.maintain();
    }
    long walBytes;
    try (Stream<Path> files = Files.walk(dir.resolve("wal"))) {
      walBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.gc();
    Map<String, Long> threads0 = threadCpu();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    try (Tsdb db = Tsdb.open(dir, options)) {
      long cpu = os.getProcessCpuTime() - cpu0;
      System.out.printf("reopened %d series (WAL %.1f MB, %d samples per series) in %d ms,"
          + " process CPU %d ms%n", db.counters().numSeries(), walBytes / 1e6, samples,
          (System.nanoTime() - t0) / 1_000_000, cpu / 1_000_000);
      printCpuSplit(threads0, threadCpu(), cpu);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * CPU ms per live thread from /proc (Linux), keyed by tid and name; empty elsewhere. Threads
   * that ended during replay (the sample applier) are the remainder of the process total.
   */
  private static Map<String, Long> threadCpu() {
    Map<String, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (Stream<Path> ts = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) ts::iterator) {
        try {
          String name = Files.readString(t.resolve("comm")).strip();
          long ticks = Server.Proc.cpuTicks(t.resolve("stat"));
          out.put(t.getFileName() + " " + name, ticks * 1000 / Server.Proc.CLOCK_TICKS);
        } catch (java.io.IOException | RuntimeException gone) {
          // The thread ended between listing and reading.
        }
      }
    } catch (java.io.IOException e) {
      return out;
    }
    return out;
  }

  /** Replay CPU by kind of thread: GC, JIT, the replaying (main) thread, and the rest. */
  private static void printCpuSplit(Map<String, Long> before, Map<String, Long> after,
      long processNanos) {
    if (after.isEmpty()) {
      return;
    }
    // Linux names the main Java thread after the launcher ("java").
    Map<String, Long> byKind = new TreeMap<>();
    long known = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
      String kind = name.startsWith("GC Thread") || name.startsWith("G1 ") ? "GC"
          : name.startsWith("C1 ") || name.startsWith("C2 ") ? "JIT"
          : name.equals("java") ? "replaying thread (main)" : "other live threads";
      byKind.merge(kind, d, Long::sum);
      known += d;
    }
    byKind.put("ended threads (sample applier)", Math.max(0, processNanos / 1_000_000 - known));
    byKind.forEach((k, v) -> System.out.printf("  CPU %-32s %,8d ms%n", k, v));
  }

  /** Label sets of the harness's targets, alternating node and application targets. */
  private static List<Labels> labels(int n) {
    List<Labels> out = new ArrayList<>(n);
    for (int h = 0; out.size() < n; h++) {
      Dataset.Target t = new Dataset.Target(
          h % 2 == 0 ? Dataset.TargetKind.NODE : Dataset.TargetKind.APP, h, 1, 60_000, 0);
      for (String[] l : t.labels(0)) {
        if (out.size() < n) {
          out.add(Labels.of(l));
        }
      }
    }
    return out;
  }
}
