package io.bongsu.common.codec;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * LEB128 varints as protobuf and Go's encoding/binary write them: unsigned 7 bits per byte, low
 * group first; signed values zigzag-mapped so small magnitudes stay short.
 */
public final class Varint {
  private Varint() {}

  public static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  public static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Bytes an unsigned varint of v takes. */
  public static int uvarintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Writes v at off, returns the offset after it. */
  public static int putUvarint(byte[] buf, int off, long v) {
    while ((v & ~0x7FL) != 0) {
      buf[off++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[off++] = (byte) v;
    return off;
  }

  /**
   * Reads an unsigned varint at the buffer's position.
   *
   * @throws CorruptDataException when the buffer ends inside it or it runs past 10 bytes
   */
  public static long getUvarint(ByteBuffer buf) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!buf.hasRemaining()) {
        throw new CorruptDataException("varint truncated");
      }
      byte b = buf.get();
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        if (shift == 63 && (b & 0x7F) > 1) {
          throw new CorruptDataException("varint overflows 64 bits");
        }
        return result;
      }
    }
    throw new CorruptDataException("varint longer than 10 bytes");
  }

  public static long getVarint(ByteBuffer buf) {
    return unzigzag(getUvarint(buf));
  }

  /** Reads an unsigned varint that must fit a non-negative int (lengths, counts). */
  public static int getUvarintInt(ByteBuffer buf) {
    long v = getUvarint(buf);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new CorruptDataException("length out of range: " + Long.toUnsignedString(v));
    }
    return (int) v;
  }

  /** Reads a varint-length-prefixed UTF-8 string. */
  public static String getString(ByteBuffer buf) {
    int len = getUvarintInt(buf);
    if (len > buf.remaining()) {
      throw new CorruptDataException("string of " + len + " bytes runs past the end");
    }
    byte[] b = new byte[len];
    try {
      buf.get(b);
    } catch (BufferUnderflowException e) {
      throw new CorruptDataException("string truncated");
    }
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
