package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.BitReader;
import io.bongsu.common.codec.CorruptDataException;
import io.bongsu.common.codec.Varint;
import io.bongsu.metrics.storage.SampleIterator;

/** Decodes what {@link XorEncoder} wrote; reusable through {@link #reset}, no per-sample garbage. */
public final class XorIterator implements SampleIterator {
  private final BitReader in = new BitReader();
  private int total;
  private int read;
  private long t;
  private long tDelta;
  private long vBits;
  private int leading;
  private int trailing;

  public XorIterator() {}

  public XorIterator(byte[] data, int byteLength, int count) {
    reset(data, 0, byteLength, count);
  }

  public XorIterator(byte[] data, int offset, int byteLength, int count) {
    reset(data, offset, byteLength, count);
  }

  public void reset(byte[] data, int byteLength, int count) {
    reset(data, 0, byteLength, count);
  }

  /** Decodes the {@code byteLength} bytes of data from {@code offset}. */
  public void reset(byte[] data, int offset, int byteLength, int count) {
    in.reset(data, offset, byteLength);
    total = count;
    read = 0;
    leading = 0;
    trailing = 0;
  }

  @Override
  public boolean next() {
    if (read >= total) {
      read = total + 1;
      return false;
    }
    if (read == 0) {
      t = Varint.unzigzag(readBitVarint());
      vBits = in.readBits(64);
    } else if (read == 1) {
      tDelta = Varint.unzigzag(readBitVarint());
      t += tDelta;
      readValue();
    } else {
      tDelta += readDod();
      t += tDelta;
      readValue();
    }
    read++;
    return true;
  }

  @Override
  public boolean seek(long target) {
    if (read > 0 && read <= total && t >= target) {
      return true;
    }
    while (next()) {
      if (t >= target) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long timestamp() {
    return t;
  }

  @Override
  public double value() {
    return Double.longBitsToDouble(vBits);
  }

  private long readBitVarint() {
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      long b = in.readBits(8);
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new CorruptDataException("chunk varint too long");
  }

  private long readDod() {
    if (!in.readBit()) {
      return 0;
    }
    int width;
    if (!in.readBit()) {
      width = 14;
    } else if (!in.readBit()) {
      width = 17;
    } else if (!in.readBit()) {
      width = 20;
    } else {
      return in.readBits(64);
    }
    long v = in.readBits(width);
    return (v << (64 - width)) >> (64 - width);
  }

  private void readValue() {
    if (!in.readBit()) {
      return;
    }
    if (in.readBit()) {
      leading = (int) in.readBits(5);
      int sig = (int) in.readBits(6);
      if (sig == 0) {
        sig = 64;
      }
      trailing = 64 - leading - sig;
      if (trailing < 0) {
        throw new CorruptDataException("chunk value header out of range");
      }
    }
    int sig = 64 - leading - trailing;
    vBits ^= in.readBits(sig) << trailing;
  }
}
