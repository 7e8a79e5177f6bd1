package io.bongsu.metrics.ingest.remotewrite;

/** Receives the metric metadata a remote write request carries (WriteRequest field 3). */
@FunctionalInterface
public interface MetadataSink {
  MetadataSink DISCARD = (family, type, help, unit) -> {};

  /**
   * @param type the lower-case Prometheus metadata type: counter, gauge, histogram,
   *     gaugehistogram, summary, info, stateset or unknown
   */
  void accept(String metricFamilyName, String type, String help, String unit);
}
