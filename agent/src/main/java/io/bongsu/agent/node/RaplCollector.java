package io.bongsu.agent.node;

import java.nio.file.Path;
import java.util.Locale;

/** Energy counters of Intel RAPL power capping zones under /sys/class/powercap. */
public final class RaplCollector implements NodeCollector {
  @Override
  public String name() {
    return "rapl";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    var zones = SysfsDirs.list(ctx.sys("class/powercap"), "intel-rapl:*");
    if (zones.isEmpty()) {
      throw new NoDataException("no RAPL zones");
    }
    for (Path zone : zones) {
      String zoneName = NodeContext.readOptional(zone.resolve("name"));
      Double microJoules = NodeContext.readDouble(zone.resolve("energy_uj"));
      if (zoneName == null || microJoules == null) {
        continue;
      }
      String dir = zone.getFileName().toString();
      String index = dir.substring(dir.indexOf(':') + 1);
      // "package-0" is the package zone of socket 0; the index label tells sockets apart
      String kind = zoneName.replaceAll("-\\d+$", "").replaceAll("[^a-zA-Z0-9_]", "_").toLowerCase(Locale.ROOT);
      out.counter("node_rapl_" + kind + "_joules_total", "Current RAPL " + kind + " value in joules", microJoules / 1e6,
          "index", index, "path", "/sys/class/powercap/" + dir);
    }
  }
}
