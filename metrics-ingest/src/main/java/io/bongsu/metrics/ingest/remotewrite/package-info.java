/**
 * Prometheus remote write 1.0: snappy block bodies holding a protobuf {@code WriteRequest},
 * decoded by hand straight into the storage appender
 * ({@link io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver}), and the matching encoder
 * for tests and benchmarks.
 */
package io.bongsu.metrics.ingest.remotewrite;
