package io.bongsu.agent.node;

import java.nio.file.Files;

/** Pressure stall information from /proc/pressure (totals are microseconds). */
public final class PressureCollector implements NodeCollector {
  @Override
  public String name() {
    return "pressure";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    if (!Files.isDirectory(ctx.proc("pressure"))) {
      throw new NoDataException("pressure stall information is not available");
    }
    for (String resource : new String[] {"cpu", "io", "memory"}) {
      for (String line : NodeContext.lines(ctx.proc("pressure/" + resource))) {
        String[] f = NodeContext.fields(line);
        double total = -1;
        for (String kv : f) {
          if (kv.startsWith("total=")) {
            total = Double.parseDouble(kv.substring(6)) / 1e6;
          }
        }
        if (total < 0) {
          continue;
        }
        boolean some = f[0].equals("some");
        switch (resource) {
          case "cpu" -> {
            if (some) {
              out.counter("node_pressure_cpu_waiting_seconds_total", "Total time in seconds that processes have waited for CPU time", total);
            }
          }
          case "io" -> {
            if (some) {
              out.counter("node_pressure_io_waiting_seconds_total", "Total time in seconds that processes have waited due to IO congestion", total);
            } else {
              out.counter("node_pressure_io_stalled_seconds_total", "Total time in seconds no process could make progress due to IO congestion", total);
            }
          }
          default -> {
            if (some) {
              out.counter("node_pressure_memory_waiting_seconds_total", "Total time in seconds that processes have waited for memory", total);
            } else {
              out.counter("node_pressure_memory_stalled_seconds_total", "Total time in seconds no process could make progress due to memory congestion", total);
            }
          }
        }
      }
    }
  }
}
