package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.ByteWriter;
import io.bongsu.common.codec.CorruptDataException;
import io.bongsu.common.codec.Varint;

/**
 * Stores a run of unsigned 64-bit integers (zigzagged deltas) in whichever of four layouts is
 * smallest for that run: all zero (nothing), one varint each, sparse (only the non-zero ones,
 * each after the count of zeros before it) or bit-packed at the widest value's width. Metrics
 * mix all shapes: regular timestamps are all zero, slow gauges sparse, noisy counters dense.
 */
final class IntPacking {
  static final int ZERO = 0;
  static final int VARINT = 1;
  static final int SPARSE = 2;
  static final int PACKED = 3;

  private IntPacking() {}

  /** The encoded size in bytes of x[from, to) in the cheapest layout, including its tag. */
  static int size(long[] x, int from, int to) {
    return sizes(x, from, to)[0];
  }

  /** [best size, best layout, packed width]. */
  private static int[] sizes(long[] x, int from, int to) {
    int varint = 0;
    int sparse = 0;
    int nonZero = 0;
    int zeros = 0;
    long or = 0;
    for (int i = from; i < to; i++) {
      long v = x[i];
      varint += Varint.uvarintSize(v);
      if (v != 0) {
        sparse += Varint.uvarintSize(zeros) + Varint.uvarintSize(v);
        zeros = 0;
        nonZero++;
      } else {
        zeros++;
      }
      or |= v;
    }
    if (nonZero == 0) {
      return new int[] {1, ZERO, 0};
    }
    sparse += Varint.uvarintSize(nonZero);
    int width = 64 - Long.numberOfLeadingZeros(or);
    int packed = 1 + (int) (((long) (to - from) * width + 7) / 8);
    int best = VARINT;
    int size = varint;
    if (sparse < size) {
      best = SPARSE;
      size = sparse;
    }
    if (packed < size) {
      best = PACKED;
      size = packed;
    }
    return new int[] {1 + size, best, width};
  }

  static void write(long[] x, int from, int to, ByteWriter out) {
    int[] s = sizes(x, from, to);
    out.putByte(s[1]);
    switch (s[1]) {
      case ZERO -> { }
      case VARINT -> {
        for (int i = from; i < to; i++) {
          out.putUvarint(x[i]);
        }
      }
      case SPARSE -> {
        int nonZero = 0;
        for (int i = from; i < to; i++) {
          if (x[i] != 0) {
            nonZero++;
          }
        }
        out.putUvarint(nonZero);
        int zeros = 0;
        for (int i = from; i < to; i++) {
          if (x[i] == 0) {
            zeros++;
          } else {
            out.putUvarint(zeros).putUvarint(x[i]);
            zeros = 0;
          }
        }
      }
      default -> {
        int width = s[2];
        out.putByte(width);
        long acc = 0;
        int bits = 0;
        for (int i = from; i < to; i++) {
          long v = x[i];
          int left = width;
          while (left > 0) {
            int take = Math.min(left, 64 - bits);
            long part = (v >>> (left - take)) & mask(take);
            acc = take == 64 ? part : (acc << take) | part;
            bits += take;
            left -= take;
            if (bits == 64) {
              out.putLong(acc);
              acc = 0;
              bits = 0;
            }
          }
        }
        while (bits >= 8) {
          out.putByte((int) (acc >>> (bits - 8)));
          bits -= 8;
        }
        if (bits > 0) {
          out.putByte((int) (acc << (8 - bits)));
        }
      }
    }
  }

  private static long mask(int bits) {
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  /** Reads {@code n} values {@link #write} stored at the cursor into x[off, off + n). */
  static void read(ByteCursor in, long[] x, int off, int n) {
    int layout = in.u8();
    switch (layout) {
      case ZERO -> java.util.Arrays.fill(x, off, off + n, 0L);
      case VARINT -> {
        for (int i = 0; i < n; i++) {
          x[off + i] = in.uvarint();
        }
      }
      case SPARSE -> {
        java.util.Arrays.fill(x, off, off + n, 0L);
        long nonZero = in.uvarint();
        long i = 0;
        for (long k = 0; k < nonZero; k++) {
          i += in.uvarint();
          if (i < 0 || i >= n) {
            throw new CorruptDataException("sparse chunk value past its end");
          }
          x[off + (int) i++] = in.uvarint();
        }
      }
      case PACKED -> {
        int width = in.u8();
        if (width < 1 || width > 64) {
          throw new CorruptDataException("chunk bit width " + width);
        }
        long acc = 0;
        int bits = 0;
        if (width <= 56) {
          // The window never holds more than width - 1 + 8 bits, so 64 suffice.
          long mask = mask(width);
          for (int i = 0; i < n; i++) {
            while (bits < width) {
              acc = (acc << 8) | in.u8();
              bits += 8;
            }
            bits -= width;
            x[off + i] = (acc >>> bits) & mask;
          }
          return;
        }
        for (int i = 0; i < n; i++) {
          long v = 0;
          int left = width;
          while (left > 0) {
            if (bits == 0) {
              acc = in.u8();
              bits = 8;
            }
            int take = Math.min(left, bits);
            v = (v << take) | ((acc >>> (bits - take)) & mask(take));
            bits -= take;
            left -= take;
          }
          x[off + i] = v;
        }
      }
      default -> throw new CorruptDataException("unknown chunk integer layout " + layout);
    }
  }
}
