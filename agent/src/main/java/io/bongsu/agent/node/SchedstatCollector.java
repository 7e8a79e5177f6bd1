package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;

/** Per-CPU scheduler statistics from /proc/schedstat (nanoseconds). */
public final class SchedstatCollector implements NodeCollector {
  @Override
  public String name() {
    return "schedstat";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path file = ctx.proc("schedstat");
    if (!Files.isReadable(file)) {
      throw new NoDataException("schedstat is not available");
    }
    for (String line : NodeContext.lines(file)) {
      String[] f = NodeContext.fields(line);
      if (f.length < 10 || !f[0].startsWith("cpu")) {
        continue;
      }
      String cpu = f[0].substring(3);
      out.counter("node_schedstat_running_seconds_total", "Number of seconds CPU spent running a process.",
          Double.parseDouble(f[7]) / 1e9, "cpu", cpu);
      out.counter("node_schedstat_waiting_seconds_total", "Number of seconds spent by processing waiting for this CPU.",
          Double.parseDouble(f[8]) / 1e9, "cpu", cpu);
      out.counter("node_schedstat_timeslices_total", "Number of timeslices executed by CPU.",
          Double.parseDouble(f[9]), "cpu", cpu);
    }
  }
}
