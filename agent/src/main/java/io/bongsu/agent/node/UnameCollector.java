package io.bongsu.agent.node;

import java.util.Locale;

/** What uname(2) returns, read from /proc/sys/kernel (the JDK has no uname). */
public final class UnameCollector implements NodeCollector {
  @Override
  public String name() {
    return "uname";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    String sysname = NodeContext.read(ctx.proc("sys/kernel/ostype")).trim();
    String machine = NodeContext.readOptional(ctx.proc("sys/kernel/arch"));
    if (machine == null || machine.isEmpty()) {
      machine = machineFromJvm(System.getProperty("os.arch", ""));
    }
    out.gauge("node_uname_info", "Labeled system information as provided by the uname system call.", 1,
        "sysname", sysname,
        "release", NodeContext.read(ctx.proc("sys/kernel/osrelease")).trim(),
        "version", NodeContext.read(ctx.proc("sys/kernel/version")).trim(),
        "machine", machine,
        "nodename", NodeContext.read(ctx.proc("sys/kernel/hostname")).trim(),
        "domainname", NodeContext.read(ctx.proc("sys/kernel/domainname")).trim());
  }

  static String machineFromJvm(String arch) {
    return switch (arch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "x86_64";
      case "x86", "i386" -> "i686";
      case "arm64", "aarch64" -> "aarch64";
      default -> arch;
    };
  }
}
