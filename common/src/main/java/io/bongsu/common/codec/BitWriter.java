package io.bongsu.common.codec;

import java.util.Arrays;

/**
 * Writes bit strings most significant bit first into a growable byte array, the layout Gorilla
 * style encoders need. Bits already written never change, so a reader may decode a prefix while
 * the writer goes on appending.
 */
public final class BitWriter {
  private byte[] buf;
  private long bitCount;

  public BitWriter() {
    this(16);
  }

  public BitWriter(int initialBytes) {
    buf = new byte[Math.max(1, initialBytes)];
  }

  public long bitCount() {
    return bitCount;
  }

  /** Bytes holding the written bits (the last one possibly partial). */
  public int byteCount() {
    return (int) ((bitCount + 7) >>> 3);
  }

  /** The backing array; bits beyond {@link #bitCount()} are zero. */
  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, byteCount());
  }

  public void writeBit(boolean bit) {
    int idx = (int) (bitCount >>> 3);
    grow(idx + 1);
    if (bit) {
      buf[idx] |= (byte) (0x80 >>> (bitCount & 7));
    }
    bitCount++;
  }

  /** Writes the low {@code n} bits of v (0 <= n <= 64), high bit first. */
  public void writeBits(long v, int n) {
    if (n == 0) {
      return;
    }
    grow((int) ((bitCount + n + 7) >>> 3));
    while (n > 0) {
      int idx = (int) (bitCount >>> 3);
      int free = 8 - (int) (bitCount & 7);
      int take = Math.min(free, n);
      int bits = (int) ((v >>> (n - take)) & ((1 << take) - 1));
      buf[idx] |= (byte) (bits << (free - take));
      n -= take;
      bitCount += take;
    }
  }

  /** Trims the backing array to the written bytes, for long-lived finished encodings. */
  public void trim() {
    if (buf.length != byteCount()) {
      buf = Arrays.copyOf(buf, Math.max(1, byteCount()));
    }
  }

  private void grow(int bytes) {
    if (bytes > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(bytes, buf.length + (buf.length >> 1) + 8));
    }
  }
}
