package io.bongsu.common.codec;

/** Reads what {@link BitWriter} wrote, most significant bit first, from a byte array prefix. */
public final class BitReader {
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
    this.buf = buf;
    this.pos = 0;
    this.limit = (long) byteLength << 3;
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
