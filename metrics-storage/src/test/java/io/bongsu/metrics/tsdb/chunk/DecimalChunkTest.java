package io.bongsu.metrics.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.codec.ByteWriter;
import io.bongsu.common.codec.CorruptDataException;
import io.bongsu.metrics.storage.StaleMarker;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DecimalChunkTest {
  @Provide
  Arbitrary<Double> anyValues() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.doubles()),
        Tuple.of(2, Arbitraries.of(Double.NaN, StaleMarker.VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, 0.0, 1.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, 0x1p53, 0x1p53 + 2, 1e22, 1e-22, 0.1, 0.3)),
        Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)),
        Tuple.of(3, decimalValues()));
  }

  /** Values the decimal path accepts: integers and fixed-resolution decimals of any sign. */
  @Provide
  Arbitrary<Double> decimalValues() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-(1L << 53) + 1, (1L << 53) - 1).map(l -> (double) l),
        Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 100.0),
        Arbitraries.longs().between(0, 1L << 40).map(l -> l / 1000.0),
        Arbitraries.integers().between(0, 5).map(i -> 42.0));
  }

  @Provide
  Arbitrary<Long> steps() {
    return Arbitraries.oneOf(Arbitraries.longs().between(1, 1L << 40),
        Arbitraries.of(15_000L, 60_000L), Arbitraries.longs().between(59_990, 60_010),
        Arbitraries.longs().between(1, Long.MAX_VALUE / 400));
  }

  private static long[] increasing(long start, List<Long> steps) {
    long[] ts = new long[steps.size()];
    long t = start;
    for (int i = 0; i < ts.length; i++) {
      ts[i] = t;
      t += steps.get(i);
    }
    return ts;
  }

  private static DecimalIterator roundTrip(long[] ts, double[] vs, int n, DecimalChunk enc) {
    ByteWriter w = new ByteWriter();
    enc.writeTimestamps(ts, n, w);
    int valuesAt = w.size();
    if (!enc.writeValues(vs, n, w)) {
      return null;
    }
    return new DecimalIterator().reset(ByteBuffer.wrap(w.toByteArray()), 0, valuesAt, n);
  }

  private static void assertSame(DecimalIterator it, long[] ts, double[] vs, int n) {
    for (int i = 0; i < n; i++) {
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(it.value()))
          .as("value %s at %d", vs[i], i).isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    assertThat(it.next()).isFalse();
  }

  @Property
  void anyDoublesEitherRoundTripBitExactOrAreRefused(
      @ForAll long start, @ForAll @Size(min = 1, max = 300) List<@From("steps") Long> steps,
      @ForAll @Size(min = 300, max = 300) List<@From("anyValues") Double> values) {
    long[] ts = increasing(start, steps);
    int n = ts.length;
    double[] vs = values.stream().mapToDouble(Double::doubleValue).limit(n).toArray();
    DecimalIterator it = roundTrip(ts, vs, n, new DecimalChunk());
    if (it != null) {
      assertSame(it, ts, vs, n);
    }
  }

  @Property
  void decimalValuesAreAcceptedAndRoundTrip(
      @ForAll @Size(min = 1, max = 300) List<@From("steps") Long> steps,
      @ForAll @Size(min = 300, max = 300) List<@From("decimalValues") Double> values) {
    long[] ts = increasing(1_700_000_000_000L, steps);
    int n = ts.length;
    double[] vs = values.stream().mapToDouble(Double::doubleValue).limit(n).toArray();
    boolean mixedScale = false;
    for (double v : vs) {
      mixedScale |= v != Math.rint(v);
    }
    DecimalIterator it = roundTrip(ts, vs, n, new DecimalChunk());
    if (!mixedScale) {
      assertThat(it).as("integers are always decimal").isNotNull();
    }
    if (it != null) {
      assertSame(it, ts, vs, n);
    }
  }

  @Test
  void specialValuesAreRefusedSoTheChunkStaysGorilla() {
    long[] ts = {1, 2};
    for (double special : new double[] {Double.NaN, StaleMarker.VALUE, -0.0,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, Double.MIN_VALUE}) {
      assertThat(new DecimalChunk().writeValues(new double[] {1, special}, 2, new ByteWriter()))
          .as("%s", special).isFalse();
    }
  }

  @Test
  void aConstantSeriesCostsAFewBytes() {
    int n = 120;
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = 1_700_000_000_000L + i * 15_000L;
      vs[i] = 17179869184.0;
    }
    ByteWriter w = new ByteWriter();
    DecimalChunk enc = new DecimalChunk();
    enc.writeTimestamps(ts, n, w);
    int tsBytes = w.size();
    enc.writeValues(vs, n, w);
    assertThat(tsBytes).isLessThanOrEqualTo(10);
    assertThat(w.size() - tsBytes).isLessThanOrEqualTo(8);
  }

  @Test
  void aCounterAtCentiResolutionIsStoredAsIntegers() {
    int n = 120;
    long[] ts = new long[n];
    double[] vs = new double[n];
    long m = 12_345_678;
    for (int i = 0; i < n; i++) {
      ts[i] = i * 1000L;
      m += 90 + (i % 7);
      vs[i] = m / 100.0;
    }
    DecimalIterator it = roundTrip(ts, vs, n, new DecimalChunk());
    assertThat(it).isNotNull();
    assertSame(it, ts, vs, n);
  }

  @Test
  void truncatedDataIsACorruptDataException() {
    long[] ts = {1000, 2000, 3500, 4000};
    double[] vs = {1.5, 2.25, 3, 4.125};
    ByteWriter w = new ByteWriter();
    DecimalChunk enc = new DecimalChunk();
    enc.writeTimestamps(ts, 4, w);
    int valuesAt = w.size();
    enc.writeValues(vs, 4, w);
    byte[] cut = java.util.Arrays.copyOf(w.toByteArray(), w.size() - 1);
    assertThatThrownBy(() -> new DecimalIterator().reset(ByteBuffer.wrap(cut), 0, valuesAt, 4))
        .isInstanceOf(CorruptDataException.class);
  }
}
