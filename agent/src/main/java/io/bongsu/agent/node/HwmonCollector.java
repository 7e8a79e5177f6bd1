package io.bongsu.agent.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Temperatures, voltages, fans and power from /sys/class/hwmon, chips named after their device path. */
public final class HwmonCollector implements NodeCollector {
  private static final Pattern SENSOR_FILE = Pattern.compile("^(temp|in|fan|power|curr)(\\d+)_(input|max|min|crit|label)$");
  private static final Pattern NOT_METRIC_CHARS = Pattern.compile("[^a-zA-Z0-9_]+");

  @Override
  public String name() {
    return "hwmon";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    var chips = SysfsDirs.list(ctx.sys("class/hwmon"), "*");
    if (chips.isEmpty()) {
      throw new NoDataException("no hardware monitors");
    }
    for (Path dir : chips) {
      String chip = chipName(dir);
      String human = NodeContext.readOptional(dir.resolve("name"));
      if (human != null) {
        out.gauge("node_hwmon_chip_names", "Annotation metric for human-readable chip names", 1, "chip", chip, "chip_name", human);
      }
      for (Path file : SysfsDirs.list(dir, "*")) {
        Matcher m = SENSOR_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        String kind = m.group(1);
        String sensor = kind + m.group(2);
        String element = m.group(3);
        if (element.equals("label")) {
          String label = NodeContext.readOptional(file);
          if (label != null) {
            out.gauge("node_hwmon_sensor_label", "Label for given chip and sensor", 1, "chip", chip, "sensor", sensor, "label", label);
          }
          continue;
        }
        Double raw = NodeContext.readDouble(file);
        if (raw == null) {
          continue;
        }
        String suffix = element.equals("input") ? "" : "_" + element;
        switch (kind) {
          case "temp" -> out.gauge("node_hwmon_temp" + suffix + "_celsius", "Hardware monitor for temperature (" + element + ")", raw / 1000, "chip", chip, "sensor", sensor);
          case "in" -> out.gauge("node_hwmon_in" + suffix + "_volts", "Hardware monitor for voltage (" + element + ")", raw / 1000, "chip", chip, "sensor", sensor);
          case "fan" -> out.gauge("node_hwmon_fan" + suffix + "_rpm", "Hardware monitor for fan revolutions per minute (" + element + ")", raw, "chip", chip, "sensor", sensor);
          case "power" -> out.gauge("node_hwmon_power" + suffix + "_watt", "Hardware monitor for power usage in watts (" + element + ")", raw / 1e6, "chip", chip, "sensor", sensor);
          default -> out.gauge("node_hwmon_curr" + suffix + "_amps", "Hardware monitor for current (" + element + ")", raw / 1000, "chip", chip, "sensor", sensor);
        }
      }
    }
  }

  /** The device's bus and address, e.g. {@code platform_coretemp_0}; the hwmon directory name when there is no device. */
  static String chipName(Path hwmonDir) {
    try {
      Path device = hwmonDir.resolve("device");
      if (Files.exists(device)) {
        Path real = device.toRealPath();
        String devName = clean(real.getFileName().toString());
        Path parent = real.getParent();
        String devType = parent == null || parent.getFileName() == null ? "" : clean(parent.getFileName().toString());
        if (!devType.isEmpty() && !devName.isEmpty()) {
          return devType + "_" + devName;
        }
        if (!devName.isEmpty()) {
          return devName;
        }
      }
    } catch (IOException e) {
      // fall through to the directory name
    }
    return hwmonDir.getFileName().toString();
  }

  private static String clean(String s) {
    return NOT_METRIC_CHARS.matcher(s).replaceAll("_").replaceAll("^_+|_+$", "");
  }
}
