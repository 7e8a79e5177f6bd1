package io.bongsu.agent.node;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Interface properties from /sys/class/net/&lt;iface&gt;. Attributes the kernel refuses to read (EINVAL on a down link) are left out. */
public final class NetclassCollector implements NodeCollector {
  private record Prop(String file, String metric, boolean counter, boolean hex) {}

  private static final Prop[] PROPS = {
      new Prop("addr_assign_type", "address_assign_type", false, false),
      new Prop("carrier", "carrier", false, false),
      new Prop("carrier_changes", "carrier_changes_total", true, false),
      new Prop("carrier_up_count", "carrier_up_changes_total", true, false),
      new Prop("carrier_down_count", "carrier_down_changes_total", true, false),
      new Prop("dev_id", "device_id", false, true),
      new Prop("dormant", "dormant", false, false),
      new Prop("flags", "flags", false, true),
      new Prop("ifindex", "iface_id", false, false),
      new Prop("iflink", "iface_link", false, false),
      new Prop("link_mode", "iface_link_mode", false, false),
      new Prop("mtu", "mtu_bytes", false, false),
      new Prop("name_assign_type", "name_assign_type", false, false),
      new Prop("netdev_group", "net_dev_group", false, false),
      new Prop("type", "protocol_type", false, false),
      new Prop("tx_queue_len", "transmit_queue_length", false, false),
  };

  @Override
  public String name() {
    return "netclass";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path base = ctx.sys("class/net");
    if (!Files.isDirectory(base)) {
      throw new NoDataException("no " + base);
    }
    try (DirectoryStream<Path> ifaces = Files.newDirectoryStream(base)) {
      for (Path dir : ifaces) {
        // bonding_masters is a file next to the interface links
        if (Files.isDirectory(dir)) {
          collectInterface(dir, out);
        }
      }
    } catch (IOException e) {
      throw new IOException("reading " + base + ": " + e.getMessage(), e);
    }
  }

  private static void collectInterface(Path dir, MetricSet out) {
    String dev = dir.getFileName().toString();
    String operstate = NodeContext.readOptional(dir.resolve("operstate"));
    out.gauge("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.", "up".equals(operstate) ? 1 : 0, "device", dev);
    out.gauge("node_network_info", "Non-numeric data from /sys/class/net/<iface>, value is always 1.", 1,
        "device", dev,
        "address", orEmpty(NodeContext.readOptional(dir.resolve("address"))),
        "broadcast", orEmpty(NodeContext.readOptional(dir.resolve("broadcast"))),
        "duplex", orEmpty(NodeContext.readOptional(dir.resolve("duplex"))),
        "operstate", orEmpty(operstate),
        "ifalias", orEmpty(NodeContext.readOptional(dir.resolve("ifalias"))));
    for (Prop p : PROPS) {
      String raw = NodeContext.readOptional(dir.resolve(p.file));
      Double v = parse(raw, p.hex);
      if (v == null) {
        continue;
      }
      String help = "Network device property: " + p.metric;
      if (p.counter) {
        out.counter("node_network_" + p.metric, help, v, "device", dev);
      } else {
        out.gauge("node_network_" + p.metric, help, v, "device", dev);
      }
    }
    Double speed = parse(NodeContext.readOptional(dir.resolve("speed")), false);
    if (speed != null) {
      // Mbit/s to bytes/s
      out.gauge("node_network_speed_bytes", "Network device property: speed_bytes", speed * 125000, "device", dev);
    }
  }

  private static Double parse(String raw, boolean hex) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      if (hex) {
        return (double) Long.parseLong(raw.startsWith("0x") ? raw.substring(2) : raw, 16);
      }
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
