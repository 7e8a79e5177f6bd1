package io.bongsu.agent.node;

import java.util.regex.Pattern;

/** /proc/vmstat fields matching node_exporter's default field filter. */
public final class VmstatCollector implements NodeCollector {
  static final Pattern DEFAULT_FIELDS = Pattern.compile("^(oom_kill|pgpg|pswp|pg.*fault).*");

  @Override
  public String name() {
    return "vmstat";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (String line : NodeContext.lines(ctx.proc("vmstat"))) {
      String[] f = NodeContext.fields(line);
      if (f.length == 2 && DEFAULT_FIELDS.matcher(f[0]).matches()) {
        out.untyped("node_vmstat_" + f[0], "/proc/vmstat information field " + f[0] + ".", Double.parseDouble(f[1]));
      }
    }
  }
}
