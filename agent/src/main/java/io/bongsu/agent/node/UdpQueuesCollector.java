package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Bytes queued in UDP sockets, summed from the tx_queue:rx_queue column of /proc/net/udp and udp6. */
public final class UdpQueuesCollector implements NodeCollector {
  @Override
  public String name() {
    return "udp_queues";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    boolean any = false;
    for (String[] v : new String[][] {{"net/udp", "v4"}, {"net/udp6", "v6"}}) {
      Path p = ctx.proc(v[0]);
      if (!Files.isReadable(p)) {
        continue;
      }
      any = true;
      List<String> lines = NodeContext.lines(p);
      double tx = 0;
      double rx = 0;
      for (int i = 1; i < lines.size(); i++) {
        String[] f = NodeContext.fields(lines.get(i));
        if (f.length < 5) {
          continue;
        }
        String[] q = f[4].split(":");
        tx += Long.parseLong(q[0], 16);
        rx += Long.parseLong(q[1], 16);
      }
      String help = "Number of allocated memory in the kernel for UDP datagrams in bytes.";
      out.gauge("node_udp_queues", help, tx, "ip", v[1], "queue", "tx");
      out.gauge("node_udp_queues", help, rx, "ip", v[1], "queue", "rx");
    }
    if (!any) {
      throw new NoDataException("no /proc/net/udp");
    }
  }
}
