package io.bongsu.metrics.ingest.remotewrite;

import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Storage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The remote write 1.0 receiver: snappy block → {@code WriteRequest} → storage, one appender per
 * request. A malformed body leaves nothing behind (rollback, and its metadata is not passed on); rejected samples and invalid series
 * are skipped while the rest of the request is committed, as Prometheus does.
 */
public final class RemoteWriteReceiver {
  /** Default limit on a decompressed request; Prometheus senders batch far below it. */
  public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 << 20;

  private final Storage storage;
  private final MetadataSink metadata;
  private final int maxDecompressedBytes;
  /** Decode buffers above this size are not kept between requests. */
  private static final int MAX_KEPT_BUFFER = 4 << 20;

  private final StringCache strings = new StringCache(1 << 14);
  private final SeriesCache series = new SeriesCache(1 << 12);
  /**
   * Decoders with their decompression buffers, reused by requests. A small shared pool rather
   * than one per thread: servers run requests on large thread pools, and a buffer per thread
   * would keep megabytes per idle thread.
   */
  private final BlockingQueue<Scratch> scratch =
      new ArrayBlockingQueue<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

  private final class Scratch {
    final WriteRequestDecoder decoder = new WriteRequestDecoder(strings, series);
    byte[] buffer = new byte[64 << 10];
  }

  public RemoteWriteReceiver(Storage storage, MetadataSink metadata, int maxDecompressedBytes) {
    this.storage = storage;
    this.metadata = metadata;
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  public RemoteWriteReceiver(Storage storage) {
    this(storage, MetadataSink.DISCARD, DEFAULT_MAX_DECOMPRESSED_BYTES);
  }

  /** Decodes a snappy-compressed body and commits its samples. */
  public RemoteWriteResult receive(byte[] body, int off, int len) throws RemoteWriteException {
    return receive(ByteBuffer.wrap(body, off, len));
  }

  /**
   * Decodes the snappy-compressed body between the buffer's position and limit and commits its
   * samples. The body is read in place, so a server can pass its (pooled, direct) request buffer
   * without copying it to the heap first.
   */
  public RemoteWriteResult receive(ByteBuffer body) throws RemoteWriteException {
    int n = SnappyBlock.checkedLength(body, maxDecompressedBytes);
    Scratch s = takeScratch();
    try {
      byte[] proto = s.buffer;
      if (n > proto.length) {
        proto = new byte[Math.max(n, proto.length * 2)];
        if (proto.length <= MAX_KEPT_BUFFER) {
          s.buffer = proto;
        }
      }
      SnappyBlock.decompressInto(body, proto);
      return decode(s.decoder, proto, 0, n);
    } finally {
      scratch.offer(s);
    }
  }

  private Scratch takeScratch() {
    Scratch s = scratch.poll();
    return s != null ? s : new Scratch();
  }

  /** Decodes an uncompressed {@code WriteRequest} and commits its samples. */
  public RemoteWriteResult receiveUncompressed(byte[] proto, int off, int len)
      throws RemoteWriteException {
    Scratch s = takeScratch();
    try {
      return decode(s.decoder, proto, off, len);
    } finally {
      scratch.offer(s);
    }
  }

  private RemoteWriteResult decode(WriteRequestDecoder decoder, byte[] proto, int off, int len)
      throws RemoteWriteException {
    Appender appender = storage.appender();
    List<String[]> received = new ArrayList<>();
    RemoteWriteResult result;
    try {
      result = decoder.decode(proto, off, len, appender,
          (family, type, help, unit) -> received.add(new String[] {family, type, help, unit}));
    } catch (RemoteWriteException | RuntimeException e) {
      appender.rollback();
      throw e;
    }
    appender.commit();
    for (String[] m : received) {
      metadata.accept(m[0], m[1], m[2], m[3]);
    }
    return result;
  }
}
