package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Firmware and board identity from /sys/class/dmi/id, one info metric labelled by the files present. */
public final class DmiCollector implements NodeCollector {
  private static final String[][] FILES = {
      {"bios_date", "bios_date"}, {"bios_release", "bios_release"}, {"bios_vendor", "bios_vendor"},
      {"bios_version", "bios_version"}, {"board_asset_tag", "board_asset_tag"}, {"board_name", "board_name"},
      {"board_serial", "board_serial"}, {"board_vendor", "board_vendor"}, {"board_version", "board_version"},
      {"chassis_asset_tag", "chassis_asset_tag"}, {"chassis_serial", "chassis_serial"},
      {"chassis_vendor", "chassis_vendor"}, {"chassis_version", "chassis_version"},
      {"product_family", "product_family"}, {"product_name", "product_name"}, {"product_serial", "product_serial"},
      {"product_sku", "product_sku"}, {"product_uuid", "product_uuid"}, {"product_version", "product_version"},
      {"sys_vendor", "system_vendor"},
  };

  @Override
  public String name() {
    return "dmi";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path dir = ctx.sys("class/dmi/id");
    if (!Files.isDirectory(dir)) {
      throw new NoDataException("no DMI information");
    }
    List<String> labels = new ArrayList<>();
    for (String[] f : FILES) {
      String v = NodeContext.readOptional(dir.resolve(f[0]));
      if (v != null) {
        labels.add(f[1]);
        labels.add(v);
      }
    }
    out.gauge("node_dmi_info",
        "A metric with a constant '1' value labeled by bios_date, bios_release, bios_vendor, bios_version, board_asset_tag, board_name, board_serial, board_vendor, board_version, chassis_asset_tag, chassis_serial, chassis_vendor, chassis_version, product_family, product_name, product_serial, product_sku, product_uuid, product_version, system_vendor if provided by DMI.",
        1, labels.toArray(new String[0]));
  }
}
