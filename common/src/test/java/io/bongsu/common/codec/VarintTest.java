package io.bongsu.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class VarintTest {
  @Property
  void unsignedAndSignedVarintsRoundTrip(@ForAll long a, @ForAll long b, @ForAll String s) {
    ByteWriter w = new ByteWriter(1);
    w.putUvarint(a).putVarint(b).putString(s).putLong(a).putInt((int) b).putDouble(Double.longBitsToDouble(b));
    ByteBuffer r = w.asByteBuffer();
    assertThat(Varint.getUvarint(r)).isEqualTo(a);
    assertThat(Varint.getVarint(r)).isEqualTo(b);
    assertThat(Varint.getString(r)).isEqualTo(s);
    assertThat(r.getLong()).isEqualTo(a);
    assertThat(r.getInt()).isEqualTo((int) b);
    assertThat(Double.doubleToRawLongBits(r.getDouble())).isEqualTo(b);
    assertThat(r.hasRemaining()).isFalse();
  }

  @Property
  void stringsAreTheirUtf8LengthThenTheirUtf8Bytes(@ForAll String s, @ForAll("ascii") String a) {
    for (String v : List.of(s, a)) {
      byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
      byte[] expected = new ByteWriter().putUvarint(utf8.length).putBytes(utf8).toByteArray();
      assertThat(new ByteWriter(1).putString(v).toByteArray()).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<String> ascii() {
    return Arbitraries.strings().ascii().ofMaxLength(300);
  }

  @Property
  void zigzagKeepsSmallMagnitudesSmall(@ForAll long v) {
    assertThat(Varint.unzigzag(Varint.zigzag(v))).isEqualTo(v);
    if (v >= -64 && v < 64) {
      assertThat(Varint.uvarintSize(Varint.zigzag(v))).isEqualTo(1);
    }
  }

  @Test
  void knownEncodingsMatchProtobuf() {
    assertThat(new ByteWriter().putUvarint(300).toByteArray()).containsExactly(0xAC, 0x02);
    assertThat(new ByteWriter().putVarint(-1).toByteArray()).containsExactly(0x01);
    assertThat(new ByteWriter().putUvarint(-1L).size()).isEqualTo(10);
  }

  @Test
  void truncatedOrOverlongVarintsAreReportedAsCorrupt() {
    for (byte[] bad : List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, 0x01})) {
      assertThatThrownBy(() -> Varint.getUvarint(ByteBuffer.wrap(bad)))
          .isInstanceOf(CorruptDataException.class);
    }
    assertThatThrownBy(() -> Varint.getString(ByteBuffer.wrap(new byte[] {5, 'a'})))
        .isInstanceOf(CorruptDataException.class);
  }
}
