package io.bongsu.agent.node;

/** /proc/loadavg. */
public final class LoadavgCollector implements NodeCollector {
  @Override
  public String name() {
    return "loadavg";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    String[] f = NodeContext.fields(NodeContext.read(ctx.proc("loadavg")));
    if (f.length < 3) {
      throw new IllegalStateException("unexpected /proc/loadavg: " + String.join(" ", f));
    }
    out.gauge("node_load1", "1m load average.", Double.parseDouble(f[0]));
    out.gauge("node_load5", "5m load average.", Double.parseDouble(f[1]));
    out.gauge("node_load15", "15m load average.", Double.parseDouble(f[2]));
  }
}
