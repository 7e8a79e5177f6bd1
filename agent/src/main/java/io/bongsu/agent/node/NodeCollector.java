package io.bongsu.agent.node;

/** One node_exporter collector: reads host state and emits metric families. */
public interface NodeCollector {
  /** The collector name node_exporter uses, the {@code collector} label of the scrape metrics. */
  String name();

  /**
   * Emits this collector's metrics. Throwing marks the collector failed for this scrape
   * ({@code node_scrape_collector_success 0}); {@link NoDataException} says the host simply has
   * nothing of this kind.
   */
  void collect(NodeContext ctx, MetricSet out) throws Exception;
}
