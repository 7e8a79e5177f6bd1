package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Btrfs allocation per filesystem from /sys/fs/btrfs/&lt;uuid&gt;. */
public final class BtrfsCollector implements NodeCollector {
  private static final List<String> BLOCK_GROUP_TYPES = List.of("data", "metadata", "system");

  @Override
  public String name() {
    return "btrfs";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (Path fs : SysfsDirs.list(ctx.sys("fs/btrfs"), "*-*")) {
      if (!Files.isDirectory(fs.resolve("allocation"))) {
        continue;
      }
      String uuid = fs.getFileName().toString();
      String label = NodeContext.readOptional(fs.resolve("label"));
      out.gauge("node_btrfs_info", "Filesystem information", 1, "label", label == null ? "" : label, "uuid", uuid);
      List<Path> devices = SysfsDirs.list(fs.resolve("devices"), "*");
      out.gauge("node_btrfs_devices", "Number of devices that are part of the filesystem.", devices.size(), "uuid", uuid);
      for (Path dev : devices) {
        Double sectors = NodeContext.readDouble(dev.resolve("size"));
        if (sectors != null) {
          out.gauge("node_btrfs_device_size_bytes", "Size of a device that is part of the filesystem.", sectors * 512,
              "device", dev.getFileName().toString(), "uuid", uuid);
        }
      }
      Double rsv = NodeContext.readDouble(fs.resolve("allocation/global_rsv_size"));
      if (rsv != null) {
        out.gauge("node_btrfs_global_rsv_size_bytes", "Size of global reserve.", rsv, "uuid", uuid);
      }
      for (String type : BLOCK_GROUP_TYPES) {
        Path dir = fs.resolve("allocation/" + type);
        Double reserved = NodeContext.readDouble(dir.resolve("bytes_reserved"));
        if (reserved != null) {
          out.gauge("node_btrfs_reserved_bytes", "Amount of space reserved for a data type", reserved, "block_group_type", type, "uuid", uuid);
        }
        for (Path layout : SysfsDirs.list(dir, "*")) {
          if (!Files.isDirectory(layout)) {
            continue;
          }
          String mode = layout.getFileName().toString();
          String[] labels = {"block_group_type", type, "mode", mode, "uuid", uuid};
          Double total = NodeContext.readDouble(layout.resolve("total_bytes"));
          Double used = NodeContext.readDouble(layout.resolve("used_bytes"));
          if (total != null) {
            out.gauge("node_btrfs_size_bytes", "Amount of space allocated for a layout/data type", total, labels);
          }
          if (used != null) {
            out.gauge("node_btrfs_used_bytes", "Amount of used space by a layout/data type", used, labels);
          }
          double ratio = allocationRatio(mode, devices.size());
          if (ratio > 0) {
            out.gauge("node_btrfs_allocation_ratio", "Data allocation ratio for a layout/data type", ratio, labels);
          }
        }
      }
    }
  }

  /** Raw bytes written per logical byte for a RAID profile; 0 when unknown. */
  static double allocationRatio(String mode, int devices) {
    return switch (mode) {
      case "single", "raid0" -> 1;
      case "dup", "raid1", "raid10" -> 2;
      case "raid1c3" -> 3;
      case "raid1c4" -> 4;
      case "raid5" -> devices > 1 ? (double) devices / (devices - 1) : 0;
      case "raid6" -> devices > 2 ? (double) devices / (devices - 2) : 0;
      default -> 0;
    };
  }
}
