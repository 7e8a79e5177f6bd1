package io.bongsu.bench;

import io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * Live heap per series of the head: ingests the harness dataset through remote write into an
 * in-process {@link Tsdb} (as the server does), drops the encoded requests, runs a full GC and
 * prints the class histogram of the heap as bytes per distinct series. Not a test; run by hand:
 *
 * <pre>java -cp bench/target/bongsu-bench.jar io.bongsu.bench.HeadMemoryBench [series] [top] [minutes]</pre>
 */
public final class HeadMemoryBench {
  private HeadMemoryBench() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    // The harness's defaults: 60 s interval, 190 minutes, churn 10 h, seed 42; at 1M series the
    // harness sends 20 minutes, which is what [minutes] is for.
    long interval = 60_000;
    long span = Duration.ofMinutes(args.length > 2 ? Integer.parseInt(args[2]) : 190).toMillis();
    long twoHours = Duration.ofHours(2).toMillis();
    long start = Math.floorDiv(System.currentTimeMillis() - span - twoHours, twoHours) * twoHours;
    String before = histogram();
    long baseline = total(before);
    Dataset data = new Dataset(series, start, interval, (int) (span / interval),
        Duration.ofHours(10).toMillis(), 42);
    Workload work = new Workload(data, 4, 10, 2000, Runtime.getRuntime().availableProcessors());
    int distinct = work.distinctSeries;
    long samples = work.samples;
    data = null;

    Path dir = Files.createTempDirectory("bongsu-head-mem");
    Tsdb tsdb = Tsdb.open(dir, TsdbOptions.defaults().withBackgroundMaintenance(false));
    try {
      RemoteWriteReceiver receiver = new RemoteWriteReceiver(tsdb);
      long t0 = System.nanoTime();
      for (int round = 0; round < work.rounds(); round++) {
        for (List<List<byte[]>> sender : work.requests) {
          for (byte[] body : sender.get(round)) {
            receiver.receive(body, 0, body.length);
          }
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      work = null;
      String after = histogram();
      long heap = total(after) - baseline;
      System.out.printf(Locale.ROOT, "ingested %,d samples of %,d distinct series in %.1f s%n",
          samples, distinct, secs);
      System.out.printf(Locale.ROOT, "live heap after full GC: %,d bytes above the "
          + "start = %.0f B per distinct series%n", heap, (double) heap / distinct);
      System.out.printf(Locale.ROOT, "%12s %12s %10s %8s  %s%n", "instances", "bytes", "B/series",
          "inst/ser", "class (difference to baseline)");
      for (Row r : diff(before, after).subList(0, top)) {
        System.out.printf(Locale.ROOT, "%,12d %,12d %10.1f %8.2f  %s%n", r.instances, r.bytes,
            (double) r.bytes / distinct, (double) r.instances / distinct, r.name);
      }
      // Keeps the head reachable until after the histogram.
      System.out.println("head series: " + tsdb.stats().numSeries());
    } finally {
      tsdb.close();
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** {@code jcmd <pid> GC.class_histogram} in-process: it runs a full GC first. */
  private static String histogram() throws Exception {
    return (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
  }

  private record Row(String name, long instances, long bytes) {}

  private static List<Row> parse(String histo) {
    List<Row> rows = new ArrayList<>();
    for (String line : histo.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        rows.add(new Row(f[3], Long.parseLong(f[1]), Long.parseLong(f[2])));
      }
    }
    return rows;
  }

  private static long total(String histo) {
    long sum = 0;
    for (Row r : parse(histo)) {
      sum += r.bytes;
    }
    return sum;
  }

  private static List<Row> diff(String before, String after) {
    java.util.Map<String, Row> base = new java.util.HashMap<>();
    for (Row r : parse(before)) {
      base.put(r.name, r);
    }
    List<Row> out = new ArrayList<>();
    for (Row r : parse(after)) {
      Row b = base.get(r.name);
      out.add(b == null ? r : new Row(r.name, r.instances - b.instances, r.bytes - b.bytes));
    }
    out.sort(Comparator.comparingLong(Row::bytes).reversed());
    return out;
  }
}
