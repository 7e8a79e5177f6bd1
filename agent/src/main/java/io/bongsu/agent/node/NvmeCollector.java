package io.bongsu.agent.node;

import java.nio.file.Path;

/** NVMe controllers from /sys/class/nvme as node_nvme_info. */
public final class NvmeCollector implements NodeCollector {
  @Override
  public String name() {
    return "nvme";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    var devices = SysfsDirs.list(ctx.sys("class/nvme"), "nvme*");
    if (devices.isEmpty()) {
      throw new NoDataException("no NVMe controllers");
    }
    for (Path dev : devices) {
      out.gauge("node_nvme_info", "Non-numeric data from /sys/class/nvme/<device>, value is always 1.", 1,
          "device", dev.getFileName().toString(),
          "firmware_revision", orEmpty(NodeContext.readOptional(dev.resolve("firmware_rev"))),
          "model", orEmpty(NodeContext.readOptional(dev.resolve("model"))),
          "serial", orEmpty(NodeContext.readOptional(dev.resolve("serial"))),
          "state", orEmpty(NodeContext.readOptional(dev.resolve("state"))));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
