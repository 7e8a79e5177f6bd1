package io.bongsu.common.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes bit strings most significant bit first into a growable byte array, the layout Gorilla
 * style encoders need. Bits already written never change, so a reader may decode a prefix while
 * the writer goes on appending.
 *
 * <p>Writes go a 64-bit word at a time: the partial last byte and the new bits are merged into
 * one big-endian long stored at the byte where writing resumes. Bytes past the written ones are
 * zero, so storing them again changes nothing a reader of the prefix can see. Near the end of the
 * array, where a word does not fit, bits go a byte at a time rather than growing the array, so the
 * array grows only when the bits themselves need room.
 */
public final class BitWriter {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
    grow((int) ((bitCount + n + 7) >>> 3));
    write(buf, bitCount, v, n);
    bitCount += n;
  }

  /**
   * Writes the low {@code n} bits of v (0 <= n <= 64) at bit {@code pos} of {@code buf}, which
   * must already hold them and be zero from there on. For encoders that keep the array and the
   * position in fields of their own instead of a writer object.
   */
  public static void write(byte[] buf, long pos, long v, int n) {
    if (n == 0) {
      return;
    }
    int off = (int) (pos & 7);
    if (off + n > 64) {
      // The word holds the partial byte's off bits too; split so each part fits beside them.
      int low = off + n - 64;
      write(buf, pos, v >>> low, n - low);
      write(buf, pos + n - low, v, low);
      return;
    }
    int idx = (int) (pos >>> 3);
    long bits = n == 64 ? v : v & ((1L << n) - 1);
    if (idx + 8 <= buf.length) {
      long word = ((long) (buf[idx] & 0xFF) << 56) | (bits << (64 - off - n));
      LONG_BE.set(buf, idx, word);
    } else {
      writeBytewise(buf, pos, bits, n);
    }
  }

  private static void writeBytewise(byte[] buf, long pos, long v, int n) {
    while (n > 0) {
      int idx = (int) (pos >>> 3);
      int free = 8 - (int) (pos & 7);
      int take = Math.min(free, n);
      int bits = (int) ((v >>> (n - take)) & ((1 << take) - 1));
      buf[idx] |= (byte) (bits << (free - take));
      n -= take;
      pos += take;
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
