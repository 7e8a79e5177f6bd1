package io.bongsu.bench;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.tsdb.BlockWriter;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.block.BlockReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes per sample of Bongsu's blocks, without servers: builds 2h blocks from a dataset through
 * {@link BlockWriter} (the code behind {@code bongsu import}) in each chunk format and prints
 * chunks and index bytes per sample and samples per series. For a recording, {@code
 * --promtool=promtool} also builds Prometheus's blocks from the same file with {@code promtool
 * tsdb create-blocks-from openmetrics} and measures them the same way.
 *
 * <p>Usage: {@code --dataset=synthetic|recorded:<file> --series=100000 --interval=60s
 * --span=190m --churn=10h --seed=42 --formats=gorilla,decimal --promtool= --work=...}
 */
public final class DiskBench {
  private static final long BLOCK_RANGE = Duration.ofHours(2).toMillis();
  private static final Pattern NUM_SAMPLES = Pattern.compile("\"numSamples\"\\s*:\\s*(\\d+)");
  private static final Pattern NUM_SERIES = Pattern.compile("\"numSeries\"\\s*:\\s*(\\d+)");

  private DiskBench() {}

  /** What the blocks of one system or format hold. */
  record Measured(String name, int blocks, long series, long samples, long chunkBytes,
      long indexBytes, long otherBytes) {
    double perSample(long bytes) {
      return (double) bytes / samples;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("dataset", "synthetic");
    opts.put("series", "100000");
    opts.put("interval", "60s");
    opts.put("span", "190m");
    opts.put("churn", "10h");
    opts.put("seed", "42");
    opts.put("formats", "gorilla,decimal");
    opts.put("promtool", "");
    opts.put("work", "bench/target/disk");
    parseArgs(args, opts);
    Path work = Path.of(opts.get("work")).toAbsolutePath();
    String dataset = opts.get("dataset");
    Recording rec = null;
    if (dataset.startsWith("recorded:")) {
      rec = Recording.load(Path.of(dataset.substring("recorded:".length())));
      System.out.printf("recording: %d scrapes, median interval %d ms, %,d samples, %,d series%n",
          rec.scrapes.size(), rec.medianIntervalMillis(), rec.samples(), rec.distinctSeries);
    } else if (!dataset.equals("synthetic")) {
      throw new IllegalArgumentException("--dataset is synthetic or recorded:<file>");
    }
    List<Measured> rows = new ArrayList<>();
    for (String f : opts.get("formats").split(",")) {
      BlockBuilder.Format format = BlockBuilder.Format.valueOf(f.trim().toUpperCase(Locale.ROOT));
      Path dir = work.resolve("bongsu-" + f.trim());
      MetricsBench.deleteRecursively(dir);
      long t0 = System.nanoTime();
      try (BlockWriter w = BlockWriter.create(dir, BLOCK_RANGE, Integer.MAX_VALUE, format)) {
        if (rec != null) {
          feed(rec, w);
        } else {
          feed(synthetic(opts), w);
        }
      }
      Measured m = measureBongsu("Bongsu " + f.trim(), dir);
      System.out.printf("%s: blocks written in %.1f s%n", m.name(), (System.nanoTime() - t0) / 1e9);
      rows.add(m);
    }
    if (!opts.get("promtool").isBlank()) {
      if (rec == null) {
        throw new IllegalArgumentException("--promtool needs a recorded dataset");
      }
      Path dir = work.resolve("prometheus");
      MetricsBench.deleteRecursively(dir);
      Server.Proc.run(opts.get("promtool"), "tsdb", "create-blocks-from", "openmetrics",
          dataset.substring("recorded:".length()), dir.toString());
      rows.add(measurePrometheus(dir));
    }
    System.out.println();
    System.out.println(table(rows));
  }

  static Dataset synthetic(Map<String, String> opts) {
    long interval = MetricsBench.parseDuration(opts.get("interval"));
    long span = MetricsBench.parseDuration(opts.get("span"));
    long start = Math.floorDiv(1_700_000_000_000L, BLOCK_RANGE) * BLOCK_RANGE;
    return new Dataset(Integer.parseInt(opts.get("series")), start, interval,
        (int) (span / interval), MetricsBench.parseDuration(opts.get("churn")),
        Long.parseLong(opts.get("seed")));
  }

  /** Feeds the dataset in time order, writing each 2h window as soon as it is complete. */
  private static void feed(Dataset data, BlockWriter w) throws IOException {
    IdentityHashMap<String[], Labels> labels = new IdentityHashMap<>();
    long window = Long.MIN_VALUE;
    for (int step = 0; step < data.steps; step++) {
      long stepStart = data.startMillis + step * data.intervalMillis;
      if (Math.floorDiv(stepStart, BLOCK_RANGE) != window) {
        w.flush();
        window = Math.floorDiv(stepStart, BLOCK_RANGE);
      }
      for (Dataset.Source t : data.targets) {
        long time = t.timestamp(data.startMillis, step);
        String[][] ls = t.labels(step * data.intervalMillis);
        double[] vs = t.scrape();
        for (int i = 0; i < ls.length; i++) {
          w.add(labels.computeIfAbsent(ls[i], Labels::of), time, vs[i]);
        }
      }
    }
  }

  private static void feed(Recording rec, BlockWriter w) throws IOException {
    IdentityHashMap<String[], Labels> labels = new IdentityHashMap<>();
    for (Recording.Scrape s : rec.scrapes) {
      for (int i = 0; i < s.labels().length; i++) {
        w.add(labels.computeIfAbsent(s.labels()[i], Labels::of), s.timeMillis(), s.values()[i]);
      }
    }
  }

  static Measured measureBongsu(String name, Path dir) throws IOException {
    int blocks = 0;
    long series = 0;
    long samples = 0;
    long chunks = 0;
    long index = 0;
    long other = 0;
    for (Path b : blockDirs(dir)) {
      BlockReader r = new BlockReader(b);
      blocks++;
      series += r.numSeries();
      samples += r.meta().numSamples();
      chunks += r.chunkBytes();
      index += r.indexBytes();
      other += r.diskBytes() - r.chunkBytes() - r.indexBytes();
    }
    return new Measured(name, blocks, series, samples, chunks, index, other);
  }

  static Measured measurePrometheus(Path dir) throws IOException {
    int blocks = 0;
    long series = 0;
    long samples = 0;
    long chunks = 0;
    long index = 0;
    long other = 0;
    for (Path b : blockDirs(dir)) {
      String meta = Files.readString(b.resolve("meta.json"), StandardCharsets.UTF_8);
      blocks++;
      samples += number(NUM_SAMPLES, meta);
      series += number(NUM_SERIES, meta);
      chunks += Server.dirBytes(b.resolve("chunks"));
      index += Files.size(b.resolve("index"));
      other += Server.dirBytes(b) - Server.dirBytes(b.resolve("chunks"))
          - Files.size(b.resolve("index"));
    }
    return new Measured("Prometheus (promtool)", blocks, series, samples, chunks, index, other);
  }

  private static long number(Pattern p, String json) {
    Matcher m = p.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("meta.json without " + p);
    }
    return Long.parseLong(m.group(1));
  }

  private static List<Path> blockDirs(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var list = Files.list(dir)) {
      list.filter(p -> Files.isRegularFile(p.resolve("meta.json"))).sorted().forEach(out::add);
    }
    return out;
  }

  static String table(List<Measured> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| blocks of | blocks | samples | samples/series | chunks B/sample "
        + "| index B/sample | total B/sample |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Measured m : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %,d | %.0f | %.3f | %.3f | %.3f |%n",
          m.name(), m.blocks(), m.samples(), (double) m.samples() / m.series(),
          m.perSample(m.chunkBytes()), m.perSample(m.indexBytes()),
          m.perSample(m.chunkBytes() + m.indexBytes() + m.otherBytes())));
    }
    return sb.toString();
  }

  /** Parses {@code --name=value} arguments into {@code opts}, which holds the known names. */
  static void parseArgs(String[] args, Map<String, String> opts) {
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
  }
}
