package io.bongsu.agent.node;

import java.nio.file.Path;

/** CPU frequencies from /sys/devices/system/cpu/cpu*&#47;cpufreq (kHz in sysfs, Hz exposed). */
public final class CpufreqCollector implements NodeCollector {
  private static final String[][] FILES = {
      {"cpuinfo_cur_freq", "node_cpu_frequency_hertz", "Current cpu thread frequency in hertz."},
      {"cpuinfo_max_freq", "node_cpu_frequency_max_hertz", "Maximum cpu thread frequency in hertz."},
      {"cpuinfo_min_freq", "node_cpu_frequency_min_hertz", "Minimum cpu thread frequency in hertz."},
      {"scaling_cur_freq", "node_cpu_scaling_frequency_hertz", "Current scaled CPU thread frequency in hertz."},
      {"scaling_max_freq", "node_cpu_scaling_frequency_max_hertz", "Maximum scaled CPU thread frequency in hertz."},
      {"scaling_min_freq", "node_cpu_scaling_frequency_min_hertz", "Minimum scaled CPU thread frequency in hertz."},
  };

  @Override
  public String name() {
    return "cpufreq";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (Path cpuDir : SysfsDirs.list(ctx.sys("devices/system/cpu"), "cpu[0-9]*")) {
      Path freq = cpuDir.resolve("cpufreq");
      String cpu = cpuDir.getFileName().toString().substring(3);
      for (String[] f : FILES) {
        Double khz = NodeContext.readDouble(freq.resolve(f[0]));
        if (khz != null) {
          out.gauge(f[1], f[2], khz * 1000, "cpu", cpu);
        }
      }
    }
  }
}
