package io.bongsu.agent.node;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** ARP table entries per device from /proc/net/arp. */
public final class ArpCollector implements NodeCollector {
  @Override
  public String name() {
    return "arp";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    List<String> lines = NodeContext.lines(ctx.proc("net/arp"));
    Map<String, Integer> perDevice = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = NodeContext.fields(lines.get(i));
      if (f.length >= 6) {
        perDevice.merge(f[5], 1, Integer::sum);
      }
    }
    perDevice.forEach((dev, n) -> out.gauge("node_arp_entries", "ARP entries by device", n, "device", dev));
  }
}
