package io.bongsu.agent.node;

import java.util.List;

/** Per-CPU packet processing from /proc/net/softnet_stat (hex columns: processed, dropped, time squeezed). */
public final class SoftnetCollector implements NodeCollector {
  @Override
  public String name() {
    return "softnet";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    List<String> lines = NodeContext.lines(ctx.proc("net/softnet_stat"));
    for (int cpu = 0; cpu < lines.size(); cpu++) {
      String[] f = NodeContext.fields(lines.get(cpu));
      if (f.length < 3) {
        continue;
      }
      String c = Integer.toString(cpu);
      out.counter("node_softnet_processed_total", "Number of processed packets", Long.parseLong(f[0], 16), "cpu", c);
      out.counter("node_softnet_dropped_total", "Number of dropped packets", Long.parseLong(f[1], 16), "cpu", c);
      out.counter("node_softnet_times_squeezed_total", "Number of times processing packets ran out of quota", Long.parseLong(f[2], 16), "cpu", c);
    }
  }
}
