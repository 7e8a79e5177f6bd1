package io.bongsu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic metrics dataset: half of the series come from node_exporter-like
 * hosts (cpu modes, filesystems, network, disks, memory, load), half from application instances
 * with request histograms and runtime gauges. Application pods churn: each pod slot is replaced
 * (new {@code pod} and {@code instance} labels, counters restart at zero) once per churn period,
 * staggered so a steady fraction churns every hour.
 *
 * <p>Every target owns its random generator and state, so a target's samples depend only on the
 * seed and its index, never on how targets are spread over senders.
 */
final class Dataset {
  /** Value models of a series. */
  private static final int CONST = 0;
  private static final int COUNTER = 1;
  private static final int WALK = 2;
  private static final int NOISE = 3;
  /** Histogram series are driven by their group, not by a per-series model. */
  private static final int DERIVED = 4;

  private static final double[] LE = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  final long startMillis;
  final long intervalMillis;
  final int steps;
  final List<Source> targets = new ArrayList<>();
  /** The recording this dataset replays, or null for the generated one. */
  final Recording recording;

  /** A scrape target: the series of each step and their values. */
  interface Source {
    /** Series count (of the first scrape, for a recording). */
    int size();

    /** The scrape time of a step. */
    long timestamp(long start, int step);

    /** The labels of the next scrape, at the given data time. */
    String[][] labels(long sinceStartMillis);

    /** Advances by one scrape and returns the values matching {@link #labels}. */
    double[] scrape();
  }

  Dataset(int seriesWanted, long startMillis, long intervalMillis, int steps, long churnMillis,
      long seed) {
    this.recording = null;
    this.startMillis = startMillis;
    this.intervalMillis = intervalMillis;
    this.steps = steps;
    int perHost = new Target(TargetKind.NODE, 0, 0, 0, 0).size();
    int perApp = new Target(TargetKind.APP, 0, 0, 0, 0).size();
    int hosts = Math.max(1, Math.round(seriesWanted * 0.5f / perHost));
    int apps = Math.max(1, Math.round(seriesWanted * 0.5f / perApp));
    for (int i = 0; i < hosts; i++) {
      targets.add(new Target(TargetKind.NODE, i, seed, intervalMillis, churnMillis));
    }
    for (int i = 0; i < apps; i++) {
      targets.add(new Target(TargetKind.APP, i, seed, intervalMillis, churnMillis));
    }
  }

  /**
   * Replays a recording as one target, shifted so its first scrape is at {@code startMillis}:
   * the same series and values, scraped at the recorded intervals.
   */
  Dataset(Recording rec, long startMillis) {
    this.recording = rec;
    this.startMillis = startMillis;
    this.intervalMillis = rec.medianIntervalMillis();
    this.steps = rec.scrapes.size();
    targets.add(new Replay(rec));
  }

  /** The recording's scrapes in order; each step must ask labels, then scrape. */
  private static final class Replay implements Source {
    private final Recording rec;
    private final long first;
    private int next;

    Replay(Recording rec) {
      this.rec = rec;
      this.first = rec.scrapes.get(0).timeMillis();
    }

    @Override
    public int size() {
      return rec.scrapes.get(0).labels().length;
    }

    @Override
    public long timestamp(long start, int step) {
      return start + rec.scrapes.get(step).timeMillis() - first;
    }

    @Override
    public String[][] labels(long sinceStartMillis) {
      return rec.scrapes.get(next).labels();
    }

    @Override
    public double[] scrape() {
      return rec.scrapes.get(next++).values();
    }
  }

  int activeSeries() {
    if (recording != null) {
      return recording.distinctSeries;
    }
    int n = 0;
    for (Source t : targets) {
      n += t.size();
    }
    return n;
  }

  static String hostInstance(int i) {
    return String.format("host-%04d:9100", i);
  }

  static String appPod(int slot, long gen) {
    return "api-" + Long.toString(0x5eed0000L + slot * 7919L + gen * 104729L, 36) + "-" + slot;
  }

  enum TargetKind { NODE, APP }

  /** One scrape target: its series, their value models and state. */
  static final class Target implements Source {
    final TargetKind kind;
    final int index;
    private final SplittableRandom rng;
    private final long intervalMillis;
    private final long churnMillis;
    /** Scrape phase within the interval, as Prometheus spreads targets. */
    private final long phaseMillis;
    private final long churnOffsetMillis;
    private final List<String[]> labels = new ArrayList<>();
    private final List<double[]> model = new ArrayList<>();
    private final List<int[]> histograms = new ArrayList<>();
    private double[] value;
    private long generation = -1;
    private String[][] currentLabels;
    private double[][] models;

    Target(TargetKind kind, int index, long seed, long intervalMillis, long churnMillis) {
      this.kind = kind;
      this.index = index;
      this.rng = new SplittableRandom(seed * 1_000_003L + kind.ordinal() * 7_777_777L + index);
      this.intervalMillis = intervalMillis;
      this.churnMillis = churnMillis;
      this.phaseMillis = intervalMillis == 0 ? 0 : rng.nextLong(intervalMillis);
      this.churnOffsetMillis = churnMillis == 0 ? 0 : rng.nextLong(churnMillis);
      if (kind == TargetKind.NODE) {
        defineNode();
      } else {
        defineApp();
      }
      models = model.toArray(new double[0][]);
      value = new double[models.length];
    }

    @Override
    public int size() {
      return labels.size();
    }

    /** The scrape time of a step: phase plus an occasional late scrape. */
    @Override
    public long timestamp(long start, int step) {
      long t = start + step * intervalMillis + phaseMillis;
      return rng.nextInt(20) == 0 ? t + 1 + rng.nextInt(20) : t;
    }

    /** Labels of series {@code i} at the given data time; app pods change per churn period. */
    @Override
    public String[][] labels(long sinceStartMillis) {
      long gen = kind == TargetKind.APP && churnMillis > 0
          ? (sinceStartMillis + churnOffsetMillis) / churnMillis : 0;
      if (gen != generation) {
        generation = gen;
        currentLabels = new String[labels.size()][];
        String pod = appPod(index, gen);
        String ip = "10.1." + ((index * 31 + gen * 7) & 0xff) + "." + ((index + gen * 13) & 0xff);
        for (int i = 0; i < labels.size(); i++) {
          String[] l = labels.get(i).clone();
          for (int j = 1; j < l.length; j += 2) {
            if (l[j].equals("$pod")) {
              l[j] = pod;
            } else if (l[j].equals("$ip")) {
              l[j] = ip + ":8080";
            }
          }
          currentLabels[i] = l;
        }
        for (int i = 0; i < value.length; i++) {
          value[i] = models[i][0] == CONST || models[i][0] == WALK || models[i][0] == NOISE
              ? models[i][1] : 0;
        }
      }
      return currentLabels;
    }

    /** Advances every series by one scrape and returns the values (reused array). */
    @Override
    public double[] scrape() {
      double dt = intervalMillis / 1000.0;
      for (int i = 0; i < models.length; i++) {
        double[] m = models[i];
        switch ((int) m[0]) {
          case COUNTER -> {
            double units = Math.max(0, Math.round(m[1] * dt * (1 + m[3] * rng.nextGaussian())));
            value[i] = Math.round((value[i] / m[2] + units)) * m[2];
          }
          case WALK -> {
            if (rng.nextDouble() < m[4]) {
              value[i] = Math.max(0, value[i] + Math.round(m[3] * rng.nextGaussian()) * m[2]);
            }
          }
          case NOISE -> {
            double v = Math.max(0, m[1] + m[3] * rng.nextGaussian());
            value[i] = m[2] > 0 ? Math.round(v / m[2]) * m[2] : v;
          }
          default -> { }
        }
      }
      for (int[] h : histograms) {
        double n = Math.max(0, Math.round(h[0] * dt * (1 + 0.2 * rng.nextGaussian())));
        double medianMs = h[1];
        double cumulative = 0;
        int buckets = LE.length + 1;
        for (int b = 0; b < buckets; b++) {
          double frac = b < LE.length ? logNormalCdf(LE[b] * 1000, medianMs) : 1;
          double inBucketCum = Math.round(n * frac);
          cumulative = Math.max(cumulative, inBucketCum);
          value[h[2] + b] += cumulative;
        }
        value[h[2] + buckets] += n * medianMs / 1000 * (1 + 0.1 * rng.nextGaussian());
        value[h[2] + buckets + 1] += n;
        value[h[2] + buckets + 2] += n;
      }
      return value;
    }

    private static double logNormalCdf(double x, double median) {
      double z = Math.log(x / median) / 0.8;
      return 0.5 * (1 + erf(z / Math.sqrt(2)));
    }

    private static double erf(double x) {
      double t = 1 / (1 + 0.3275911 * Math.abs(x));
      double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
          + 0.254829592) * t * Math.exp(-x * x);
      return x >= 0 ? y : -y;
    }

    private void add(double[] m, String name, String... pairs) {
      String[] base = kind == TargetKind.NODE
          ? new String[] {"job", "node", "instance", hostInstance(index)}
          : new String[] {"job", "api", "instance", "$ip", "pod", "$pod", "namespace", "prod"};
      String[] l = new String[2 + pairs.length + base.length];
      l[0] = "__name__";
      l[1] = name;
      System.arraycopy(pairs, 0, l, 2, pairs.length);
      System.arraycopy(base, 0, l, 2 + pairs.length, base.length);
      labels.add(l);
      model.add(m);
    }

    private static double[] constant(double v) {
      return new double[] {CONST, v, 0, 0, 0};
    }

    /** A counter growing by about {@code perSec} units of {@code resolution} per second. */
    private static double[] counter(double perSec, double resolution, double noise) {
      return new double[] {COUNTER, perSec, resolution, noise, 0};
    }

    private static double[] walk(double start, double resolution, double stepSd, double p) {
      return new double[] {WALK, start, resolution, stepSd, p};
    }

    private static double[] noise(double mean, double resolution, double sd) {
      return new double[] {NOISE, mean, resolution, sd, 0};
    }

    private void defineNode() {
      String[] modes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
      double[] share = {0.82, 0.01, 0, 0.001, 0.005, 0, 0.05, 0.11};
      for (int cpu = 0; cpu < 4; cpu++) {
        for (int m = 0; m < modes.length; m++) {
          add(counter(100 * share[m], 0.01, 0.15), "node_cpu_seconds_total",
              "cpu", Integer.toString(cpu), "mode", modes[m]);
        }
      }
      String[][] fs = {{"/dev/sda1", "ext4", "/"}, {"/dev/sda2", "ext4", "/var"},
          {"/dev/sdb1", "xfs", "/data"}, {"tmpfs", "tmpfs", "/run"}};
      for (String[] f : fs) {
        double size = 4096.0 * (1 << 20) * (1 + rng.nextInt(60));
        String[] l = {"device", f[0], "fstype", f[1], "mountpoint", f[2]};
        add(walk(size * 0.4, 4096, 200, 0.3), "node_filesystem_avail_bytes", l);
        add(walk(size * 0.45, 4096, 200, 0.3), "node_filesystem_free_bytes", l);
        add(constant(size), "node_filesystem_size_bytes", l);
        add(constant(size / 16384), "node_filesystem_files", l);
        add(walk(size / 20000, 1, 3, 0.2), "node_filesystem_files_free", l);
        add(constant(0), "node_filesystem_readonly", l);
      }
      for (String dev : new String[] {"eth0", "lo", "docker0"}) {
        double scale = dev.equals("eth0") ? 1 : 0.05;
        String[] l = {"device", dev};
        add(counter(200_000 * scale, 1, 0.4), "node_network_receive_bytes_total", l);
        add(counter(150_000 * scale, 1, 0.4), "node_network_transmit_bytes_total", l);
        add(counter(300 * scale, 1, 0.4), "node_network_receive_packets_total", l);
        add(counter(250 * scale, 1, 0.4), "node_network_transmit_packets_total", l);
        add(constant(0), "node_network_receive_errs_total", l);
        add(constant(0), "node_network_transmit_errs_total", l);
        add(counter(0.01, 1, 1), "node_network_receive_drop_total", l);
        add(constant(0), "node_network_transmit_drop_total", l);
      }
      for (String dev : new String[] {"sda", "sdb"}) {
        String[] l = {"device", dev};
        add(counter(20, 1, 0.5), "node_disk_reads_completed_total", l);
        add(counter(60, 1, 0.5), "node_disk_writes_completed_total", l);
        add(counter(400_000, 512, 0.5), "node_disk_read_bytes_total", l);
        add(counter(1_200_000, 512, 0.5), "node_disk_written_bytes_total", l);
        add(counter(0.05, 0.001, 0.5), "node_disk_io_time_seconds_total", l);
        add(counter(0.01, 0.001, 0.5), "node_disk_read_time_seconds_total", l);
        add(counter(0.04, 0.001, 0.5), "node_disk_write_time_seconds_total", l);
        add(noise(0.2, 1, 0.5), "node_disk_io_now", l);
      }
      String[] mem = {"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapTotal",
          "SwapFree", "Active", "Inactive", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem",
          "Slab", "SReclaimable", "SUnreclaim", "PageTables", "Committed_AS", "HugePages_Total"};
      double total = 16.0 * (1L << 30);
      for (int i = 0; i < mem.length; i++) {
        String name = "node_memory_" + mem[i] + "_bytes";
        if (i == 0 || i == 5 || i == 19) {
          add(constant(i == 19 ? 0 : total), name);
        } else {
          add(walk(total / (2 + i), 4096, 2000, 0.9), name);
        }
      }
      add(noise(1.2, 0.01, 0.3), "node_load1");
      add(noise(1.1, 0.01, 0.1), "node_load5");
      add(noise(1.0, 0.01, 0.05), "node_load15");
      add(constant(1.7e9 + index), "node_boot_time_seconds");
      add(counter(5000, 1, 0.3), "node_context_switches_total");
      add(counter(3000, 1, 0.3), "node_intr_total");
      add(counter(2, 1, 0.5), "node_forks_total");
      add(noise(2, 1, 1.5), "node_procs_running");
      add(noise(0, 1, 0.3), "node_procs_blocked");
      add(walk(3000, 1, 20, 0.5), "node_entropy_available_bits");
      add(walk(2000, 1, 10, 0.7), "node_filefd_allocated");
      add(walk(40, 1, 3, 0.6), "node_sockstat_TCP_inuse");
      add(walk(25, 1, 2, 0.6), "node_netstat_Tcp_CurrEstab");
      add(constant(1), "node_uname_info", "machine", "x86_64", "release", "6.1.0-18-amd64",
          "sysname", "Linux", "nodename", "host" + index);
      add(constant(1), "up");
      add(noise(0.03, 0, 0.005), "scrape_duration_seconds");
      add(constant(labels.size() + 3), "scrape_samples_scraped");
      add(constant(labels.size() + 3), "scrape_series_added");
    }

    private void defineApp() {
      String[] handlers = {"/api/orders", "/api/users", "/api/search", "/health", "/metrics"};
      String[][] combos = {{"GET", "200"}, {"POST", "200"}, {"GET", "500"}};
      for (String h : handlers) {
        for (String[] c : combos) {
          int rate = c[1].equals("500") ? 1 : h.equals("/health") ? 2 : 20;
          int first = labels.size();
          for (double le : LE) {
            add(new double[] {DERIVED, 0, 0, 0, 0}, "http_request_duration_seconds_bucket",
                "handler", h, "method", c[0], "status", c[1], "le", Double.toString(le));
          }
          add(new double[] {DERIVED, 0, 0, 0, 0}, "http_request_duration_seconds_bucket",
              "handler", h, "method", c[0], "status", c[1], "le", "+Inf");
          add(new double[] {DERIVED, 0, 0, 0, 0}, "http_request_duration_seconds_sum",
              "handler", h, "method", c[0], "status", c[1]);
          add(new double[] {DERIVED, 0, 0, 0, 0}, "http_request_duration_seconds_count",
              "handler", h, "method", c[0], "status", c[1]);
          add(new double[] {DERIVED, 0, 0, 0, 0}, "http_requests_total",
              "handler", h, "method", c[0], "status", c[1]);
          histograms.add(new int[] {rate, 20 + rng.nextInt(200), first});
        }
      }
      for (String area : new String[] {"heap", "nonheap"}) {
        for (String id : new String[] {"eden", "old", "survivor", "metaspace"}) {
          add(walk(64e6, 8, 1e5, 0.9), "jvm_memory_used_bytes", "area", area, "id", id);
        }
      }
      for (String gc : new String[] {"G1 Young Generation", "G1 Old Generation"}) {
        add(counter(0.05, 1, 1), "jvm_gc_pause_seconds_count", "gc", gc);
        add(counter(0.0005, 1e-6, 1), "jvm_gc_pause_seconds_sum", "gc", gc);
      }
      add(walk(60, 1, 2, 0.5), "jvm_threads_live_threads");
      add(counter(0.2, 0.01, 0.5), "process_cpu_seconds_total");
      add(walk(400e6, 4096, 500, 0.9), "process_resident_memory_bytes");
      add(walk(120, 1, 2, 0.3), "process_open_fds");
      add(constant(1.7e9), "process_start_time_seconds");
      add(constant(1), "up");
      add(noise(0.01, 0, 0.002), "scrape_duration_seconds");
      add(constant(labels.size() + 2), "scrape_samples_scraped");
    }
  }
}
