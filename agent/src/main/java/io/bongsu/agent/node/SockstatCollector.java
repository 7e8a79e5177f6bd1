package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;

/** Socket counts from /proc/net/sockstat and sockstat6; {@code mem} is in pages and also exposed as bytes. */
public final class SockstatCollector implements NodeCollector {
  @Override
  public String name() {
    return "sockstat";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    long pageSize = PageSize.get();
    read(ctx.proc("net/sockstat"), out, pageSize);
    Path v6 = ctx.proc("net/sockstat6");
    if (Files.isReadable(v6)) {
      read(v6, out, pageSize);
    }
  }

  private static void read(Path file, MetricSet out, long pageSize) throws Exception {
    for (String line : NodeContext.lines(file)) {
      String[] f = NodeContext.fields(line);
      if (f.length < 3 || !f[0].endsWith(":")) {
        continue;
      }
      String proto = f[0].substring(0, f[0].length() - 1);
      if (proto.equals("sockets")) {
        out.gauge("node_sockstat_sockets_used", "Number of IPv4 sockets in use.", Double.parseDouble(f[2]));
        continue;
      }
      for (int i = 1; i + 1 < f.length; i += 2) {
        double v = Double.parseDouble(f[i + 1]);
        gauge(out, proto, f[i], v);
        if (f[i].equals("mem")) {
          gauge(out, proto, "mem_bytes", v * pageSize);
        }
      }
    }
  }

  private static void gauge(MetricSet out, String proto, String state, double v) {
    out.gauge("node_sockstat_" + proto + "_" + state, "Number of " + proto + " sockets in state " + state + ".", v);
  }
}
