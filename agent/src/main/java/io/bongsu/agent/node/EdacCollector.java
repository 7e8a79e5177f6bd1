package io.bongsu.agent.node;

import java.nio.file.Path;

/** Memory controller error counts from /sys/devices/system/edac/mc. */
public final class EdacCollector implements NodeCollector {
  @Override
  public String name() {
    return "edac";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (Path mc : SysfsDirs.list(ctx.sys("devices/system/edac/mc"), "mc[0-9]*")) {
      String controller = mc.getFileName().toString().substring(2);
      counter(out, "node_edac_correctable_errors_total", "Total correctable memory errors.", mc.resolve("ce_count"), "controller", controller);
      counter(out, "node_edac_uncorrectable_errors_total", "Total uncorrectable memory errors.", mc.resolve("ue_count"), "controller", controller);
      counter(out, "node_edac_csrow_correctable_errors_total", "Total correctable memory errors for this csrow.",
          mc.resolve("ce_noinfo_count"), "controller", controller, "csrow", "unknown");
      counter(out, "node_edac_csrow_uncorrectable_errors_total", "Total uncorrectable memory errors for this csrow.",
          mc.resolve("ue_noinfo_count"), "controller", controller, "csrow", "unknown");
      for (Path row : SysfsDirs.list(mc, "csrow[0-9]*")) {
        String csrow = row.getFileName().toString().substring(5);
        counter(out, "node_edac_csrow_correctable_errors_total", "Total correctable memory errors for this csrow.",
            row.resolve("ce_count"), "controller", controller, "csrow", csrow);
        counter(out, "node_edac_csrow_uncorrectable_errors_total", "Total uncorrectable memory errors for this csrow.",
            row.resolve("ue_count"), "controller", controller, "csrow", csrow);
      }
    }
  }

  private static void counter(MetricSet out, String name, String help, Path file, String... labels) {
    Double v = NodeContext.readDouble(file);
    if (v != null) {
      out.counter(name, help, v, labels);
    }
  }
}
