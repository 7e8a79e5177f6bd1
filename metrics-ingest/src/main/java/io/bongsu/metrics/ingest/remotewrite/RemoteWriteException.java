package io.bongsu.metrics.ingest.remotewrite;

/** A remote write body that cannot be decoded: bad snappy, bad protobuf or too large. */
public final class RemoteWriteException extends Exception {
  public RemoteWriteException(String message) {
    super(message, null, false, false);
  }
}
