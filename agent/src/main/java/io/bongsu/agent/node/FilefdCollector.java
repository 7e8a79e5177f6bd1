package io.bongsu.agent.node;

/** /proc/sys/fs/file-nr: allocated, unused (always 0 since 2.6), maximum. */
public final class FilefdCollector implements NodeCollector {
  @Override
  public String name() {
    return "filefd";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    String[] f = NodeContext.fields(NodeContext.read(ctx.proc("sys/fs/file-nr")));
    if (f.length < 3) {
      throw new IllegalStateException("unexpected file-nr: " + String.join(" ", f));
    }
    out.gauge("node_filefd_allocated", "File descriptor statistics: allocated.", Double.parseDouble(f[0]));
    out.gauge("node_filefd_maximum", "File descriptor statistics: maximum.", Double.parseDouble(f[2]));
  }
}
