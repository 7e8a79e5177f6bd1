package io.bongsu.agent.node;

import java.util.regex.Pattern;

/** Interface counters from /proc/net/dev (and rx_nohandler from sysfs), loopback excluded as node_exporter does by default. */
public final class NetdevCollector implements NodeCollector {
  public static final Pattern DEFAULT_DEVICE_EXCLUDE = Pattern.compile("^lo$");
  private static final String[] RECEIVE = {"bytes", "packets", "errs", "drop", "fifo", "frame", "compressed", "multicast"};
  private static final String[] TRANSMIT = {"bytes", "packets", "errs", "drop", "fifo", "colls", "carrier", "compressed"};

  @Override
  public String name() {
    return "netdev";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (String line : NodeContext.lines(ctx.proc("net/dev"))) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String dev = line.substring(0, colon).trim();
      if (DEFAULT_DEVICE_EXCLUDE.matcher(dev).find()) {
        continue;
      }
      String[] f = NodeContext.fields(line.substring(colon + 1));
      if (f.length < 16) {
        continue;
      }
      for (int i = 0; i < 8; i++) {
        emit(out, "receive_" + RECEIVE[i], f[i], dev);
        emit(out, "transmit_" + TRANSMIT[i], f[8 + i], dev);
      }
      String nohandler = NodeContext.readOptional(ctx.sys("class/net/" + dev + "/statistics/rx_nohandler"));
      if (nohandler != null && !nohandler.isEmpty()) {
        emit(out, "receive_nohandler", nohandler, dev);
      }
    }
  }

  private static void emit(MetricSet out, String stat, String value, String dev) {
    out.counter("node_network_" + stat + "_total", "Network device statistic " + stat + ".", Double.parseDouble(value), "device", dev);
  }
}
