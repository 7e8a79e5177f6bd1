package io.bongsu.agent.node;

import java.nio.file.Files;

/** SELinux state: enabled when selinuxfs is mounted, modes from its enforce file and /etc/selinux/config. */
public final class SelinuxCollector implements NodeCollector {
  @Override
  public String name() {
    return "selinux";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    String enforce = NodeContext.readOptional(ctx.sys("fs/selinux/enforce"));
    if (enforce == null) {
      out.gauge("node_selinux_enabled", "SELinux is enabled, 1 is true, 0 is false", 0);
      return;
    }
    out.gauge("node_selinux_enabled", "SELinux is enabled, 1 is true, 0 is false", 1);
    out.gauge("node_selinux_current_mode", "SELinux is enforcing, 1 is true, 0 is false", "1".equals(enforce) ? 1 : 0);
    var config = ctx.root("etc/selinux/config");
    if (Files.isReadable(config)) {
      for (String line : NodeContext.lines(config)) {
        if (line.startsWith("SELINUX=")) {
          out.gauge("node_selinux_config_mode", "Configured SELinux enforcement mode",
              line.substring(8).trim().equals("enforcing") ? 1 : 0);
        }
      }
    }
  }
}
