package io.bongsu.common.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads what {@link BitWriter} wrote, most significant bit first, from a byte array prefix. */
public final class BitReader {
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private byte[] buf;
  private long pos;
  private long limit;

  public BitReader() {
    this(new byte[0], 0);
  }

  public BitReader(byte[] buf, int byteLength) {
    reset(buf, byteLength);
  }

  /** Points the reader at other bytes without allocating. */
  public void reset(byte[] buf, int byteLength) {
    reset(buf, 0, byteLength);
  }

  /** Points the reader at {@code byteLength} bytes starting at {@code offset} of buf. */
  public void reset(byte[] buf, int offset, int byteLength) {
    this.buf = buf;
    this.pos = (long) offset << 3;
    this.limit = (long) (offset + byteLength) << 3;
  }

  public long position() {
    return pos;
  }

  public long remaining() {
    return limit - pos;
  }

  public boolean readBit() {
    if (pos >= limit) {
      throw new CorruptDataException("bit stream ended");
    }
    int b = buf[(int) (pos >>> 3)] & 0xFF;
    boolean bit = ((b >>> (7 - (pos & 7))) & 1) != 0;
    pos++;
    return bit;
  }

  /** Reads n bits (0 <= n <= 64) as an unsigned value. */
  public long readBits(int n) {
    if (pos + n > limit) {
      throw new CorruptDataException("bit stream ended");
    }
    if (n == 0) {
      return 0;
    }
    int first = (int) (pos >>> 3);
    if (n <= 56 && first + 8 <= buf.length) {
      // One unaligned 8-byte load covers any 56 bits starting inside its first byte.
      long word = (long) BIG_ENDIAN_LONG.get(buf, first);
      long v = (word << (pos & 7)) >>> (64 - n);
      pos += n;
      return v;
    }
    long v = 0;
    while (n > 0) {
      int idx = (int) (pos >>> 3);
      int avail = 8 - (int) (pos & 7);
      int take = Math.min(avail, n);
      int b = buf[idx] & 0xFF;
      long bits = (b >>> (avail - take)) & ((1 << take) - 1);
      v = (v << take) | bits;
      n -= take;
      pos += take;
    }
    return v;
  }
}
