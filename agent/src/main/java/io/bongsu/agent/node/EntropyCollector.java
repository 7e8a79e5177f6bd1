package io.bongsu.agent.node;

/** Kernel random pool. */
public final class EntropyCollector implements NodeCollector {
  @Override
  public String name() {
    return "entropy";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    out.gauge("node_entropy_available_bits", "Bits of available entropy.",
        Double.parseDouble(NodeContext.read(ctx.proc("sys/kernel/random/entropy_avail")).trim()));
    Double pool = NodeContext.readDouble(ctx.proc("sys/kernel/random/poolsize"));
    if (pool != null) {
      out.gauge("node_entropy_pool_size_bits", "Bits of entropy pool.", pool);
    }
  }
}
