package io.bongsu.agent.node;

/** Kernel counters from /proc/stat. */
public final class StatCollector implements NodeCollector {
  @Override
  public String name() {
    return "stat";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (String line : NodeContext.lines(ctx.proc("stat"))) {
      String[] f = NodeContext.fields(line);
      if (f.length < 2) {
        continue;
      }
      double v = Double.parseDouble(f[1]);
      switch (f[0]) {
        case "intr" -> out.counter("node_intr_total", "Total number of interrupts serviced.", v);
        case "ctxt" -> out.counter("node_context_switches_total", "Total number of context switches.", v);
        case "btime" -> out.gauge("node_boot_time_seconds", "Node boot time, in unixtime.", v);
        case "processes" -> out.counter("node_forks_total", "Total number of forks.", v);
        case "procs_running" -> out.gauge("node_procs_running", "Number of processes in runnable state.", v);
        case "procs_blocked" -> out.gauge("node_procs_blocked", "Number of processes blocked waiting for I/O to complete.", v);
        default -> { }
      }
    }
  }
}
