package io.bongsu.common.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with big-endian fixed-width and varint writers; reusable via reset. */
public class ByteWriter {
  protected byte[] buf;
  protected int size;

  public ByteWriter() {
    this(256);
  }

  public ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public final int size() {
    return size;
  }

  public final void reset() {
    size = 0;
  }

  /** The backing array; valid bytes are [0, size()). */
  public final byte[] array() {
    return buf;
  }

  public final byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public final ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(buf, 0, size);
  }

  protected final void ensure(int extra) {
    if (size + extra > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) size + extra);
      if (want > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("buffer larger than 2 GB");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  public final ByteWriter putByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  public final ByteWriter putInt(int v) {
    ensure(4);
    buf[size] = (byte) (v >>> 24);
    buf[size + 1] = (byte) (v >>> 16);
    buf[size + 2] = (byte) (v >>> 8);
    buf[size + 3] = (byte) v;
    size += 4;
    return this;
  }

  /** Overwrites 4 bytes at an earlier position, e.g. a length known only afterwards. */
  public final void setInt(int pos, int v) {
    buf[pos] = (byte) (v >>> 24);
    buf[pos + 1] = (byte) (v >>> 16);
    buf[pos + 2] = (byte) (v >>> 8);
    buf[pos + 3] = (byte) v;
  }

  public final ByteWriter putLong(long v) {
    putInt((int) (v >>> 32));
    return putInt((int) v);
  }

  public final ByteWriter putDouble(double v) {
    return putLong(Double.doubleToRawLongBits(v));
  }

  public final ByteWriter putUvarint(long v) {
    ensure(10);
    size = Varint.putUvarint(buf, size, v);
    return this;
  }

  public final ByteWriter putVarint(long v) {
    return putUvarint(Varint.zigzag(v));
  }

  public final ByteWriter putBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  public final ByteWriter putBytes(byte[] b) {
    return putBytes(b, 0, b.length);
  }

  /** A varint length then the UTF-8 bytes. */
  public final ByteWriter putString(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putUvarint(b.length);
        return putBytes(b);
      }
    }
    // ASCII, as nearly every label is: written from the chars, no byte[] per string.
    putUvarint(n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size + i] = (byte) s.charAt(i);
    }
    size += n;
    return this;
  }
}
