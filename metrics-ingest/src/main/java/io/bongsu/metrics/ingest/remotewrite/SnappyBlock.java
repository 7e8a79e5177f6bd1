package io.bongsu.metrics.ingest.remotewrite;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Snappy block format (not the framed stream format), as remote write uses it. */
public final class SnappyBlock {
  /** Holds no state between calls, so one serves all threads. */
  private static final SnappyDecompressor DECOMPRESSOR = new SnappyDecompressor();

  private SnappyBlock() {}

  /**
   * Decompresses one block, refusing to allocate more than {@code maxDecompressedBytes}.
   *
   * @throws RemoteWriteException when the block is corrupt or declares too large a size
   */
  public static byte[] decompress(byte[] in, int off, int len, int maxDecompressedBytes)
      throws RemoteWriteException {
    ByteBuffer block = ByteBuffer.wrap(in, off, len);
    byte[] out = new byte[checkedLength(block, maxDecompressedBytes)];
    decompressInto(block, out);
    return out;
  }

  /**
   * Decompresses the block between {@code in}'s position and limit (heap or direct memory, read
   * in place) into the start of {@code out}, which must hold at least its {@link #checkedLength};
   * returns that length. Positions and limits of both buffers are left as they were.
   */
  public static int decompressInto(ByteBuffer in, byte[] out) throws RemoteWriteException {
    int declared = declaredLength(in);
    if (declared > out.length) {
      throw new IllegalArgumentException("output buffer smaller than the block");
    }
    ByteBuffer src = in.duplicate();
    ByteBuffer dst = ByteBuffer.wrap(out, 0, declared);
    try {
      DECOMPRESSOR.decompress(src, dst);
    } catch (MalformedInputException | IndexOutOfBoundsException e) {
      throw new RemoteWriteException("snappy: corrupt input");
    }
    if (dst.position() != declared) {
      throw new RemoteWriteException("snappy: corrupt input");
    }
    return declared;
  }

  /**
   * The decompressed length {@code in}'s block declares (from its position), refused when above
   * {@code maxDecompressedBytes}.
   *
   * @throws RemoteWriteException when the header is corrupt or declares too large a size
   */
  public static int checkedLength(ByteBuffer in, int maxDecompressedBytes)
      throws RemoteWriteException {
    int declared = declaredLength(in);
    if (declared > maxDecompressedBytes) {
      throw new RemoteWriteException("snappy: decoded length " + declared
          + " exceeds the limit of " + maxDecompressedBytes + " bytes");
    }
    return declared;
  }

  public static byte[] compress(byte[] in) {
    SnappyCompressor c = new SnappyCompressor();
    byte[] out = new byte[c.maxCompressedLength(in.length)];
    int n = c.compress(in, 0, in.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  /** The uncompressed length from the block's varint header, checked before any allocation. */
  private static int declaredLength(ByteBuffer in) throws RemoteWriteException {
    int off = in.position();
    int len = in.remaining();
    long v = 0;
    for (int i = 0; i < 5; i++) {
      if (i >= len) {
        throw new RemoteWriteException("snappy: corrupt input");
      }
      int b = in.get(off + i) & 0xFF;
      v |= (long) (b & 0x7F) << (7 * i);
      if (b < 0x80) {
        if (v > Integer.MAX_VALUE) {
          throw new RemoteWriteException("snappy: decoded block is too large");
        }
        return (int) v;
      }
    }
    throw new RemoteWriteException("snappy: corrupt input");
  }
}
