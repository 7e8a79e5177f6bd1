package io.bongsu.agent.node;

/**
 * /proc/meminfo, one gauge per field: parentheses become underscores ({@code Active(anon)} is
 * {@code node_memory_Active_anon_bytes}) and kB fields are converted to bytes.
 */
public final class MeminfoCollector implements NodeCollector {
  @Override
  public String name() {
    return "meminfo";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    for (String line : NodeContext.lines(ctx.proc("meminfo"))) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).replace("(", "_").replace(")", "");
      String[] f = NodeContext.fields(line.substring(colon + 1));
      if (f.length == 0) {
        continue;
      }
      double v = Double.parseDouble(f[0]);
      if (f.length > 1 && f[1].equals("kB")) {
        key += "_bytes";
        v *= 1024;
      }
      out.gauge("node_memory_" + key, "Memory information field " + key + ".", v);
    }
  }
}
