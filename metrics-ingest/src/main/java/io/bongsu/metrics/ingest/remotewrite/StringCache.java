package io.bongsu.metrics.ingest.remotewrite;

import java.nio.charset.StandardCharsets;

/**
 * Reuses the String of a recently seen short ASCII byte sequence. Remote write repeats the same
 * label names and values in every request, so this saves most string garbage on ingest.
 * Direct-mapped, lossy and safe to share between threads: slots hold immutable strings, and a
 * lost race only costs a fresh string.
 */
final class StringCache {
  private static final int MAX_LENGTH = 128;

  private final String[] slots;
  private final int mask;

  StringCache(int slotsPowerOfTwo) {
    if (Integer.bitCount(slotsPowerOfTwo) != 1) {
      throw new IllegalArgumentException("slots must be a power of two");
    }
    slots = new String[slotsPowerOfTwo];
    mask = slotsPowerOfTwo - 1;
  }

  /** The bytes as a string; they must be ASCII. */
  String ascii(byte[] buf, int off, int len) {
    if (len > MAX_LENGTH) {
      return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }
    int h = len;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + buf[i];
    }
    int slot = (h ^ (h >>> 16)) & mask;
    String s = slots[slot];
    if (s != null && sameAscii(s, buf, off, len)) {
      return s;
    }
    s = new String(buf, off, len, StandardCharsets.ISO_8859_1);
    slots[slot] = s;
    return s;
  }

  private static boolean sameAscii(String s, byte[] buf, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != buf[off + i]) {
        return false;
      }
    }
    return true;
  }
}
