package io.bongsu.agent.node;

/**
 * node_exporter reads the kernel clock discipline with adjtimex(2). The JDK offers no system call
 * access without JNI and no file exposes these values, so this collector reports itself failed
 * rather than inventing numbers.
 */
public final class TimexCollector implements NodeCollector {
  @Override
  public String name() {
    return "timex";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    throw new UnsupportedOperationException("adjtimex(2) is not reachable from the JVM without native code");
  }
}
