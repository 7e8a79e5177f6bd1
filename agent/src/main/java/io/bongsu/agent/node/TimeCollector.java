package io.bongsu.agent.node;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/** Wall clock, time zone and clock sources. */
public final class TimeCollector implements NodeCollector {
  @Override
  public String name() {
    return "time";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Instant now = Instant.now();
    out.gauge("node_time_seconds", "System time in seconds since epoch (1970).", now.getEpochSecond() + now.getNano() / 1e9);
    ZonedDateTime local = now.atZone(ZoneId.systemDefault());
    String zone = zoneAbbreviation(local);
    out.gauge("node_time_zone_offset_seconds", "System time zone offset in seconds.", local.getOffset().getTotalSeconds(), "time_zone", zone);
    Path base = ctx.sys("devices/system/clocksource");
    if (!Files.isDirectory(base)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "clocksource[0-9]*")) {
      for (Path dir : dirs) {
        String device = dir.getFileName().toString().substring("clocksource".length());
        String available = NodeContext.readOptional(dir.resolve("available_clocksource"));
        if (available != null) {
          for (String cs : NodeContext.fields(available)) {
            out.gauge("node_time_clocksource_available_info", "Available clocksources read from '/sys/devices/system/clocksource'.", 1,
                "device", device, "clocksource", cs);
          }
        }
        String current = NodeContext.readOptional(dir.resolve("current_clocksource"));
        if (current != null && !current.isEmpty()) {
          out.gauge("node_time_clocksource_current_info", "Current clocksource read from '/sys/devices/system/clocksource'.", 1,
              "device", device, "clocksource", current);
        }
      }
    }
  }

  /** The abbreviation Go's time.Zone() gives ("UTC", "CET", "CEST"); Java's short names agree for common zones. */
  static String zoneAbbreviation(ZonedDateTime t) {
    ZoneId id = t.getZone();
    String normalized = id.normalized().getId();
    if (normalized.equals("Z") || id.getId().equals("Etc/UTC") || id.getId().equals("UTC")) {
      return "UTC";
    }
    boolean dst = id.getRules().isDaylightSavings(t.toInstant());
    return java.util.TimeZone.getTimeZone(id).getDisplayName(dst, java.util.TimeZone.SHORT, Locale.ROOT);
  }
}
