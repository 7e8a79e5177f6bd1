package io.bongsu.agent.node;

import java.nio.file.Path;

/** Bonding interfaces: configured and active slaves, from /sys/class/net/bonding_masters. */
public final class BondingCollector implements NodeCollector {
  @Override
  public String name() {
    return "bonding";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    String masters = NodeContext.readOptional(ctx.sys("class/net/bonding_masters"));
    if (masters == null) {
      throw new NoDataException("bonding is not loaded");
    }
    for (String master : NodeContext.fields(masters)) {
      Path bonding = ctx.sys("class/net/" + master + "/bonding");
      String slaves = NodeContext.readOptional(bonding.resolve("slaves"));
      String[] names = slaves == null ? new String[0] : NodeContext.fields(slaves);
      int active = 0;
      for (String slave : names) {
        String state = NodeContext.readOptional(ctx.sys("class/net/" + master + "/lower_" + slave + "/bonding_slave/mii_status"));
        if (state == null) {
          state = NodeContext.readOptional(ctx.sys("class/net/" + slave + "/bonding_slave/mii_status"));
        }
        active += "up".equals(state) ? 1 : 0;
      }
      out.gauge("node_bonding_slaves", "Number of configured slaves per bonding interface.", names.length, "master", master);
      out.gauge("node_bonding_active", "Number of active slaves per bonding interface.", active, "master", master);
    }
  }
}
