package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** /proc/diskstats with node_exporter's default device exclusion, plus udev properties as node_disk_info. */
public final class DiskstatsCollector implements NodeCollector {
  public static final Pattern DEFAULT_DEVICE_EXCLUDE = Pattern.compile("^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");
  private static final double SECTOR_BYTES = 512;
  // node_exporter multiplies milliseconds by 0.001 rather than dividing; same for identical output
  private static final double MS = 0.001;

  private record Field(String name, String help, boolean counter, double scale) {}

  /** Columns after major, minor and device name, in /proc/diskstats order. */
  private static final Field[] FIELDS = {
      new Field("node_disk_reads_completed_total", "The total number of reads completed successfully.", true, 1),
      new Field("node_disk_reads_merged_total", "The total number of reads merged.", true, 1),
      new Field("node_disk_read_bytes_total", "The total number of bytes read successfully.", true, SECTOR_BYTES),
      new Field("node_disk_read_time_seconds_total", "The total number of seconds spent by all reads.", true, MS),
      new Field("node_disk_writes_completed_total", "The total number of writes completed successfully.", true, 1),
      new Field("node_disk_writes_merged_total", "The number of writes merged.", true, 1),
      new Field("node_disk_written_bytes_total", "The total number of bytes written successfully.", true, SECTOR_BYTES),
      new Field("node_disk_write_time_seconds_total", "This is the total number of seconds spent by all writes.", true, MS),
      new Field("node_disk_io_now", "The number of I/Os currently in progress.", false, 1),
      new Field("node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", true, MS),
      new Field("node_disk_io_time_weighted_seconds_total", "The weighted # of seconds spent doing I/Os.", true, MS),
      new Field("node_disk_discards_completed_total", "The total number of discards completed successfully.", true, 1),
      new Field("node_disk_discards_merged_total", "The total number of discards merged.", true, 1),
      new Field("node_disk_discarded_sectors_total", "The total number of sectors discarded successfully.", true, 1),
      new Field("node_disk_discard_time_seconds_total", "This is the total number of seconds spent by all discards.", true, MS),
      new Field("node_disk_flush_requests_total", "The total number of flush requests completed successfully", true, 1),
      new Field("node_disk_flush_requests_time_seconds_total", "This is the total number of seconds spent by all flush requests.", true, MS),
  };

  @Override
  public String name() {
    return "diskstats";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (String line : NodeContext.lines(ctx.proc("diskstats"))) {
      String[] f = NodeContext.fields(line);
      if (f.length < 14) {
        continue;
      }
      String device = f[2];
      if (DEFAULT_DEVICE_EXCLUDE.matcher(device).find()) {
        continue;
      }
      Map<String, String> udev = udevProperties(ctx.udevData(), f[0], f[1]);
      out.gauge("node_disk_info", "Info of /sys/block/<block_device>.", 1,
          "device", device, "major", f[0], "minor", f[1],
          "path", udev.getOrDefault("ID_PATH", ""),
          "wwn", udev.getOrDefault("ID_WWN", ""),
          "model", udev.getOrDefault("ID_MODEL", ""),
          "serial", udev.getOrDefault("ID_SERIAL_SHORT", ""),
          "revision", udev.getOrDefault("ID_REVISION", ""));
      for (int i = 0; i < FIELDS.length && i + 3 < f.length; i++) {
        Field fd = FIELDS[i];
        double v = Double.parseDouble(f[i + 3]) * fd.scale;
        if (fd.counter) {
          out.counter(fd.name, fd.help, v, "device", device);
        } else {
          out.gauge(fd.name, fd.help, v, "device", device);
        }
      }
    }
  }

  private static Map<String, String> udevProperties(Path udevData, String major, String minor) {
    Map<String, String> props = new HashMap<>();
    if (udevData == null) {
      return props;
    }
    Path file = udevData.resolve("b" + major + ":" + minor);
    if (!Files.isReadable(file)) {
      return props;
    }
    try {
      for (String l : NodeContext.lines(file)) {
        if (l.startsWith("E:")) {
          int eq = l.indexOf('=');
          if (eq > 2) {
            props.put(l.substring(2, eq), l.substring(eq + 1));
          }
        }
      }
    } catch (Exception e) {
      props.clear();
    }
    return props;
  }
}
