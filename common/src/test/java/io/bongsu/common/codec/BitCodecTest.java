package io.bongsu.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BitCodecTest {
  @Property
  void bitStringsOfAnyWidthRoundTrip(@ForAll @Size(max = 200) List<Long> values,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 64) Integer> widths) {
    int n = Math.min(values.size(), widths.size());
    BitWriter w = new BitWriter(1);
    for (int i = 0; i < n; i++) {
      w.writeBits(values.get(i), widths.get(i));
      w.writeBit(i % 3 == 0);
    }
    BitReader r = new BitReader(w.array(), w.byteCount());
    for (int i = 0; i < n; i++) {
      int width = widths.get(i);
      long mask = width == 64 ? -1L : (1L << width) - 1;
      assertThat(r.readBits(width)).isEqualTo(values.get(i) & mask);
      assertThat(r.readBit()).isEqualTo(i % 3 == 0);
    }
    assertThat(r.remaining()).isLessThan(8);
  }

  @Property
  void wordWritesProduceTheSameBytesAsBitByBitWrites(
      @ForAll @Size(max = 300) List<Long> values,
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 64) Integer> widths,
      @ForAll @IntRange(min = 1, max = 64) int initialBytes) {
    int n = Math.min(values.size(), widths.size());
    BitWriter w = new BitWriter(initialBytes);
    byte[] expected = new byte[(n * 65 + 7) / 8 + 1];
    long pos = 0;
    for (int i = 0; i < n; i++) {
      long v = values.get(i);
      int width = widths.get(i);
      w.writeBits(v, width);
      for (int b = width - 1; b >= 0; b--, pos++) {
        if (((v >>> b) & 1) != 0) {
          expected[(int) (pos >>> 3)] |= (byte) (0x80 >>> (pos & 7));
        }
      }
      if (i % 5 == 0) {
        w.writeBit(i % 2 == 0);
        if (i % 2 == 0) {
          expected[(int) (pos >>> 3)] |= (byte) (0x80 >>> (pos & 7));
        }
        pos++;
      }
    }
    assertThat(w.bitCount()).isEqualTo(pos);
    assertThat(w.toByteArray()).isEqualTo(java.util.Arrays.copyOf(expected, w.byteCount()));
    byte[] array = w.array();
    for (int i = w.byteCount(); i < array.length; i++) {
      assertThat(array[i]).as("byte %d past the written bits", i).isZero();
    }
  }

  @Test
  void readingPastTheEndIsCorruptData() {
    BitWriter w = new BitWriter();
    w.writeBits(5, 3);
    BitReader r = new BitReader(w.array(), w.byteCount());
    r.readBits(8);
    assertThatThrownBy(r::readBit).isInstanceOf(CorruptDataException.class);
  }
}
