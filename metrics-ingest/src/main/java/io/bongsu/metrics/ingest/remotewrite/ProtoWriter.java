package io.bongsu.metrics.ingest.remotewrite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable buffer of protobuf wire format; callers size nested messages up front. */
final class ProtoWriter {
  private byte[] buf = new byte[256];
  private int size;

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  void tag(int field, int wire) {
    varint((long) field << 3 | wire);
  }

  void varint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  void fixed64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  void bytes(byte[] b) {
    varint(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  void lengthDelimited(int field, byte[] b) {
    tag(field, 2);
    bytes(b);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Size of a length-delimited field (tag of a field below 16, length, payload). */
  static int fieldSize(int payload) {
    return 1 + varintSize(payload) + payload;
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }
}
