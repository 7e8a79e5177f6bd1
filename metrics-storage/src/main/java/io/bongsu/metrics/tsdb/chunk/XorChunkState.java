package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.BitWriter;
import io.bongsu.common.codec.Varint;
import java.util.Arrays;

/**
 * Gorilla compression of one chunk, as plain fields of whoever holds the chunk: {@link XorEncoder}
 * is one holder, and a head series extends this class so its open chunk costs no encoder and
 * writer objects, and an append touches only the series and the chunk's byte array.
 *
 * <p>Format: the first timestamp as a varint, the first delta as a varint, then delta-of-deltas
 * in width buckets; values XORed with their predecessor, storing only the meaningful bits. Values
 * are kept bit-exact (NaN payloads such as the stale marker survive). Arithmetic wraps, so any
 * sequence of timestamps round-trips.
 *
 * <p>Bits already written never change and bytes past them are zero; when the array grows it is
 * replaced, not changed. So a reader given the array, its byte count and sample count at one
 * moment may decode that prefix while appends go on.
 */
public abstract class XorChunkState {
  /** Samples per chunk before a new one starts (Gorilla's sweet spot, as in Prometheus). */
  public static final int TARGET_SAMPLES = 120;
  private static final int INITIAL_BYTES = 32;

  /** The chunk's bytes, null while no chunk is open. */
  private byte[] chunk;
  private int chunkBits;
  private int chunkSamples;
  private long chunkMinT;
  /** The latest appended timestamp; kept when the chunk is closed. */
  private long lastT = Long.MIN_VALUE;
  private long tDelta;
  private long lastBits;
  private byte leading;
  private byte trailing;

  /** Bytes for {@link #TARGET_SAMPLES} at the density of {@code bytes} per {@code samples}. */
  protected static int projectedBytes(int bytes, int samples) {
    return (int) ((long) bytes * TARGET_SAMPLES / samples * 17 / 16) + 8;
  }

  /** Starts an empty chunk (dropping any open one). */
  protected final void openChunk() {
    openChunk(0);
  }

  /**
   * Starts an empty chunk expected to reach {@code expectedBytes} (dropping any open one). It
   * starts at five eighths of that and grows once to the projected size: one copy per chunk
   * instead of about eight, and on average about a quarter of it unused instead of half for an
   * array sized to the full chunk up front.
   */
  protected final void openChunk(int expectedBytes) {
    chunk = new byte[Math.max(INITIAL_BYTES, expectedBytes * 5 / 8)];
    chunkBits = 0;
    chunkSamples = 0;
    leading = -1;
    trailing = 0;
  }

  /** Forgets the open chunk; the latest timestamp and value stay readable. */
  protected final void closeChunk() {
    chunk = null;
  }

  protected final boolean chunkOpen() {
    return chunk != null;
  }

  /** The open chunk's array; only the first {@link #chunkByteCount()} bytes are meaningful. */
  protected final byte[] chunkBytes() {
    return chunk;
  }

  protected final int chunkByteCount() {
    return (chunkBits + 7) >>> 3;
  }

  protected final int chunkSamples() {
    return chunkSamples;
  }

  protected final long chunkMinT() {
    return chunkMinT;
  }

  protected final long lastT() {
    return lastT;
  }

  protected final long lastValueBits() {
    return lastBits;
  }

  /** Appends a sample to the open chunk. */
  protected final void appendToChunk(long ts, double value) {
    long vb = Double.doubleToRawLongBits(value);
    if (chunkSamples == 0) {
      chunkMinT = ts;
      writeBitVarint(Varint.zigzag(ts));
      bits(vb, 64);
    } else if (chunkSamples == 1) {
      tDelta = ts - lastT;
      writeBitVarint(Varint.zigzag(tDelta));
      writeValue(vb);
    } else {
      long delta = ts - lastT;
      writeDod(delta - tDelta);
      tDelta = delta;
      writeValue(vb);
    }
    lastT = ts;
    lastBits = vb;
    chunkSamples++;
  }

  private void bits(long v, int n) {
    int need = (chunkBits + n + 7) >>> 3;
    if (need > chunk.length) {
      // An open chunk is held at any fill level, so it grows in small steps (a quarter) while
      // young; from half its samples on it jumps to the size its byte rate projects for a full
      // chunk. Each copy leaves the old array as garbage that has usually outlived a young
      // collection (a series gets a sample per scrape), which G1 pays for in old-gen cycles
      // and heap headroom.
      int grown = chunkSamples >= TARGET_SAMPLES / 2
          ? projectedBytes(need, chunkSamples)
          : chunk.length + (chunk.length >> 2) + 8;
      chunk = Arrays.copyOf(chunk, Math.max(need, grown));
    }
    BitWriter.write(chunk, chunkBits, v, n);
    chunkBits += n;
  }

  private void writeBitVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      bits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    bits(v, 8);
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      bits(0, 1);
    } else if (fits(dod, 14)) {
      bits((0b10L << 14) | (dod & 0x3FFF), 16);
    } else if (fits(dod, 17)) {
      bits((0b110L << 17) | (dod & 0x1FFFF), 20);
    } else if (fits(dod, 20)) {
      bits((0b1110L << 20) | (dod & 0xFFFFF), 24);
    } else {
      bits(0b1111, 4);
      bits(dod, 64);
    }
  }

  static boolean fits(long v, int width) {
    long half = 1L << (width - 1);
    return v >= -half && v < half;
  }

  private void writeValue(long vb) {
    long x = vb ^ lastBits;
    if (x == 0) {
      bits(0, 1);
      return;
    }
    int lead = Math.min(31, Long.numberOfLeadingZeros(x));
    int trail = Long.numberOfTrailingZeros(x);
    if (leading >= 0 && lead >= leading && trail >= trailing) {
      bits(0b10, 2);
      bits(x >>> trailing, 64 - leading - trailing);
      return;
    }
    leading = (byte) lead;
    trailing = (byte) trail;
    int sig = 64 - lead - trail;
    // Control bits 11, 5 bits of leading zeros, 6 of significant bits (64 written as 0).
    bits((0b11L << 11) | ((long) lead << 6) | (sig & 63), 13);
    bits(x >>> trail, sig);
  }
}
