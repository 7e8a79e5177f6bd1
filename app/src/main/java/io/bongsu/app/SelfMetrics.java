package io.bongsu.app;

import io.bongsu.exposition.write.MetricFamily;
import io.bongsu.exposition.write.Sample;
import io.bongsu.exposition.MetricType;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbCounters;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's own metrics on {@code /metrics}, scraped by the default config so a fresh start
 * already has data. Names follow Prometheus's own where the meaning is the same, so its
 * self-monitoring dashboards work.
 */
final class SelfMetrics {
  private final Tsdb tsdb;
  private final HttpMetrics http;
  private final long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();

  SelfMetrics(Tsdb tsdb, HttpMetrics http) {
    this.tsdb = tsdb;
    this.http = http;
  }

  List<MetricFamily> collect() {
    List<MetricFamily> out = new ArrayList<>();
    out.add(MetricFamily.builder("bongsu_build_info", MetricType.GAUGE,
            "A metric with a constant '1' value labeled by version and Java version.")
        .add(1, "version", Version.current(), "javaversion", System.getProperty("java.version"))
        .build());
    out.add(gauge("process_start_time_seconds",
        "Start time of the process since unix epoch in seconds.", startMillis / 1000.0));
    out.add(counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
        processCpuSeconds()));
    double rss = residentBytes();
    if (rss >= 0) {
      out.add(gauge("process_resident_memory_bytes", "Resident memory size in bytes.", rss));
    }
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = mem.getHeapMemoryUsage();
    MemoryUsage nonHeap = mem.getNonHeapMemoryUsage();
    out.add(MetricFamily.builder("jvm_memory_used_bytes", MetricType.GAUGE,
            "Used bytes of a given JVM memory area.")
        .add(heap.getUsed(), "area", "heap")
        .add(nonHeap.getUsed(), "area", "nonheap")
        .build());
    out.add(gauge("jvm_threads_live_threads", "Live threads including daemon and non-daemon.",
        ManagementFactory.getThreadMXBean().getThreadCount()));
    out.add(gcCollections());
    out.addAll(http.collect());

    TsdbCounters s = tsdb.counters();
    out.add(gauge("prometheus_tsdb_head_series", "Total number of series in the head block.",
        s.numSeries()));
    out.add(gauge("prometheus_tsdb_head_chunks", "Total number of chunks in the head block.",
        s.headChunks()));
    out.add(gauge("prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks.",
        s.blocks()));
    out.add(gauge("prometheus_tsdb_storage_blocks_bytes",
        "The number of bytes that are currently used for local storage by all blocks.",
        s.diskBytes()));
    out.add(counter("prometheus_tsdb_head_samples_appended_total",
        "Total number of appended samples.", s.samplesAppended()));
    out.add(counter("bongsu_tsdb_samples_rejected_total",
        "Samples the TSDB refused: out of order, out of bounds, duplicate or invalid.",
        s.samplesRejected()));
    return out;
  }

  /** Named as the Prometheus Java client's hotspot collector names it. */
  private static MetricFamily gcCollections() {
    MetricFamily.Builder gc = MetricFamily.builder("jvm_gc_collection_seconds", MetricType.SUMMARY,
        "Time spent in a given JVM garbage collector in seconds.");
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc.add(Sample.withSuffix("_count", bean.getCollectionCount(), "gc", bean.getName()));
      gc.add(Sample.withSuffix("_sum", bean.getCollectionTime() / 1000.0, "gc", bean.getName()));
    }
    return gc.build();
  }

  private static MetricFamily gauge(String name, String help, double v) {
    return MetricFamily.builder(name, MetricType.GAUGE, help).add(v).build();
  }

  private static MetricFamily counter(String name, String help, double v) {
    return MetricFamily.builder(name, MetricType.COUNTER, help).add(v).build();
  }

  private static double processCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return 0;
  }

  /** VmRSS from /proc/self/status, where the OS has it; -1 elsewhere. */
  private static double residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024.0;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
