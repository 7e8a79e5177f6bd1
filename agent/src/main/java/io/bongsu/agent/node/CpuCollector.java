package io.bongsu.agent.node;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Per-CPU time from /proc/stat (USER_HZ ticks, 100 per second on Linux), and thermal throttle counts. */
public final class CpuCollector implements NodeCollector {
  static final double USER_HZ = 100;
  private static final String[] MODES = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    // hyperthread siblings share a core and all cores of a socket share a package counter
    Set<String> seenCores = new HashSet<>();
    Set<String> seenPackages = new HashSet<>();
    for (String line : NodeContext.lines(ctx.proc("stat"))) {
      if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
        continue;
      }
      String[] f = NodeContext.fields(line);
      String cpu = f[0].substring(3);
      for (int i = 0; i < MODES.length && i + 1 < f.length; i++) {
        out.counter("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.",
            Long.parseLong(f[i + 1]) / USER_HZ, "cpu", cpu, "mode", MODES[i]);
      }
      if (f.length > 10) {
        out.counter("node_cpu_guest_seconds_total", "Seconds the CPUs spent in guests (VMs) for each mode.",
            Long.parseLong(f[9]) / USER_HZ, "cpu", cpu, "mode", "user");
        out.counter("node_cpu_guest_seconds_total", "Seconds the CPUs spent in guests (VMs) for each mode.",
            Long.parseLong(f[10]) / USER_HZ, "cpu", cpu, "mode", "nice");
      }
      Path cpuDir = ctx.sys("devices/system/cpu/cpu" + cpu);
      String coreId = NodeContext.readOptional(cpuDir.resolve("topology/core_id"));
      String pkg = NodeContext.readOptional(cpuDir.resolve("topology/physical_package_id"));
      if (coreId == null || pkg == null) {
        continue;
      }
      Double core = NodeContext.readDouble(cpuDir.resolve("thermal_throttle/core_throttle_count"));
      if (core != null && seenCores.add(pkg + ":" + coreId)) {
        out.counter("node_cpu_core_throttles_total", "Number of times this CPU core has been throttled.", core,
            "core", coreId, "package", pkg);
      }
      Double pkgCount = NodeContext.readDouble(cpuDir.resolve("thermal_throttle/package_throttle_count"));
      if (pkgCount != null && seenPackages.add(pkg)) {
        out.counter("node_cpu_package_throttles_total", "Number of times this CPU package has been throttled.", pkgCount,
            "package", pkg);
      }
    }
  }
}
