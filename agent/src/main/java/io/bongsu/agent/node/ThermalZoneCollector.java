package io.bongsu.agent.node;

import java.nio.file.Path;

/** Thermal zones and cooling devices from /sys/class/thermal. */
public final class ThermalZoneCollector implements NodeCollector {
  @Override
  public String name() {
    return "thermal_zone";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path base = ctx.sys("class/thermal");
    for (Path zone : SysfsDirs.list(base, "thermal_zone[0-9]*")) {
      Double milli = NodeContext.readDouble(zone.resolve("temp"));
      String type = NodeContext.readOptional(zone.resolve("type"));
      if (milli != null && type != null) {
        out.gauge("node_thermal_zone_temp", "Zone temperature in Celsius", milli / 1000,
            "zone", zone.getFileName().toString().substring("thermal_zone".length()), "type", type);
      }
    }
    for (Path dev : SysfsDirs.list(base, "cooling_device[0-9]*")) {
      String name = dev.getFileName().toString().substring("cooling_device".length());
      String type = NodeContext.readOptional(dev.resolve("type"));
      Double cur = NodeContext.readDouble(dev.resolve("cur_state"));
      Double max = NodeContext.readDouble(dev.resolve("max_state"));
      if (type == null || cur == null || max == null) {
        continue;
      }
      out.gauge("node_cooling_device_cur_state", "Current throttle state of the cooling device", cur, "name", name, "type", type);
      out.gauge("node_cooling_device_max_state", "Maximum throttle state of the cooling device", max, "name", name, "type", type);
    }
  }
}
