package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.CorruptDataException;
import java.nio.ByteBuffer;

/**
 * A read position in a buffer, read by absolute index so decoding a chunk needs no buffer views.
 * Reading past the end throws {@link IndexOutOfBoundsException}, which decoders turn into
 * {@link CorruptDataException}.
 */
final class ByteCursor {
  ByteBuffer buf;
  int pos;

  ByteCursor at(ByteBuffer b, int p) {
    this.buf = b;
    this.pos = p;
    return this;
  }

  int u8() {
    return buf.get(pos++) & 0xFF;
  }

  long uvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = buf.get(pos++);
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new CorruptDataException("chunk varint too long");
  }
}
