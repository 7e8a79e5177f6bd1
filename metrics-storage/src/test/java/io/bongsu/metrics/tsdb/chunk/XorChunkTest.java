package io.bongsu.metrics.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.metrics.storage.StaleMarker;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class XorChunkTest {
  @Provide
  Arbitrary<Double> values() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.doubles()),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(Double.NaN, StaleMarker.VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1.0)),
        net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 1000).map(i -> (double) i)));
  }

  @Provide
  Arbitrary<Long> timestamps() {
    return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 1L << 42),
        Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_100_000L));
  }

  @Property
  void samplesRoundTripBitExact(@ForAll @Size(max = 300) List<@net.jqwik.api.From("timestamps") Long> ts,
      @ForAll @Size(max = 300) List<@net.jqwik.api.From("values") Double> vs) {
    int n = Math.min(ts.size(), vs.size());
    XorEncoder enc = new XorEncoder();
    for (int i = 0; i < n; i++) {
      enc.append(ts.get(i), vs.get(i));
    }
    XorIterator it = new XorIterator(enc.toByteArray(), enc.byteCount(), enc.count());
    for (int i = 0; i < n; i++) {
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).isEqualTo(ts.get(i));
      assertThat(Double.doubleToRawLongBits(it.value()))
          .isEqualTo(Double.doubleToRawLongBits(vs.get(i)));
    }
    assertThat(it.next()).isFalse();
  }

  @Test
  void regularScrapesCompressWell() {
    XorEncoder enc = new XorEncoder();
    long t = 1_700_000_000_000L;
    for (int i = 0; i < 120; i++) {
      enc.append(t + i * 15_000L + (i % 7 == 0 ? 3 : 0), 1000 + i);
    }
    assertThat(enc.byteCount()).isLessThan(120 * 3);
    XorIterator it = new XorIterator(enc.array(), enc.byteCount(), enc.count());
    assertThat(it.seek(t + 60 * 15_000L)).isTrue();
    assertThat(it.value()).isEqualTo(1060.0);
    assertThat(it.seek(t)).isTrue();
    assertThat(it.value()).isEqualTo(1060.0);
    assertThat(it.seek(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void decodingAPrefixWhileTheEncoderGoesOnSeesTheSnapshot() {
    XorEncoder enc = new XorEncoder();
    enc.append(10, 1.5);
    enc.append(20, 2.5);
    byte[] snapshot = enc.array();
    int bytes = enc.byteCount();
    for (int i = 3; i < 100; i++) {
      enc.append(i * 10L, i + 0.5);
    }
    XorIterator it = new XorIterator(snapshot, bytes, 2);
    assertThat(it.next()).isTrue();
    assertThat(it.next()).isTrue();
    assertThat(it.timestamp()).isEqualTo(20);
    assertThat(it.value()).isEqualTo(2.5);
    assertThat(it.next()).isFalse();
  }
}
