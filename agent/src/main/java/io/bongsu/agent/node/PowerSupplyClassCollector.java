package io.bongsu.agent.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Batteries and AC adapters from /sys/class/power_supply. */
public final class PowerSupplyClassCollector implements NodeCollector {
  /** sysfs attribute, metric suffix, divisor to base units. */
  private static final Object[][] NUMERIC = {
      {"online", "online", 1.0}, {"present", "present", 1.0}, {"capacity", "capacity", 1.0},
      {"cycle_count", "cyclecount", 1.0},
      {"energy_full", "energy_full", 1e6}, {"energy_full_design", "energy_full_design", 1e6},
      {"energy_now", "energy_watthour", 1e6}, {"power_now", "power_watt", 1e6},
      {"voltage_now", "voltage_volt", 1e6}, {"voltage_min_design", "voltage_min_design", 1e6},
      {"current_now", "current_ampere", 1e6}, {"charge_full", "charge_full", 1e6},
      {"charge_full_design", "charge_full_design", 1e6}, {"charge_now", "charge_ampere", 1e6},
      {"temp", "temp_celsius", 10.0},
  };
  private static final String[] INFO = {"capacity_level", "manufacturer", "model_name", "serial_number", "status", "technology", "type", "usb_type", "scope"};

  @Override
  public String name() {
    return "powersupplyclass";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (Path dir : SysfsDirs.list(ctx.sys("class/power_supply"), "*")) {
      String name = dir.getFileName().toString();
      for (Object[] n : NUMERIC) {
        Double v = NodeContext.readDouble(dir.resolve((String) n[0]));
        if (v != null) {
          String metric = (String) n[1];
          out.gauge("node_power_supply_" + metric, metric + " value of /sys/class/power_supply/<power_supply>.",
              v / (Double) n[2], "power_supply", name);
        }
      }
      List<String> labels = new ArrayList<>(List.of("power_supply", name));
      for (String attr : INFO) {
        String v = NodeContext.readOptional(dir.resolve(attr));
        if (v != null && !v.isEmpty()) {
          labels.add(attr);
          labels.add(v);
        }
      }
      out.gauge("node_power_supply_info", "info of /sys/class/power_supply/<power_supply>.", 1, labels.toArray(new String[0]));
    }
  }
}
