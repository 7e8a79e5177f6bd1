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
    enc.writeValues(vs, n, w);
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
  void anyDoublesAndIncreasingTimestampsRoundTripBitExact(
      @ForAll long start, @ForAll @Size(min = 1, max = 300) List<@From("steps") Long> steps,
      @ForAll @Size(min = 300, max = 300) List<@From("anyValues") Double> values) {
    long[] ts = increasing(start, steps);
    int n = ts.length;
    double[] vs = values.stream().mapToDouble(Double::doubleValue).limit(n).toArray();
    assertSame(roundTrip(ts, vs, n, new DecimalChunk()), ts, vs, n);
  }

  @Property
  void decimalValuesNeedNoCorrections(
      @ForAll @Size(min = 1, max = 300) List<@From("steps") Long> steps,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9) int scale,
      @ForAll @Size(min = 300, max = 300)
          List<@net.jqwik.api.constraints.LongRange(min = -(1L << 49), max = 1L << 49) Long> m) {
    long[] ts = increasing(1_700_000_000_000L, steps);
    int n = ts.length;
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      vs[i] = m.get(i) / DecimalChunk.POW10[scale];
    }
    ByteWriter w = new ByteWriter();
    new DecimalChunk().writeValues(vs, n, w);
    assertThat(w.array()[1] & DecimalChunk.CORRECTED).isZero();
    assertSame(roundTrip(ts, vs, n, new DecimalChunk()), ts, vs, n);
  }

  @Test
  void specialValuesAmongDecimalsRoundTripAsCorrections() {
    double[] specials = {Double.NaN, StaleMarker.VALUE, -0.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e300, Double.MIN_VALUE, 0.1 + 0.2};
    long[] ts = new long[specials.length * 2];
    double[] vs = new double[ts.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = i * 15_000L;
      vs[i] = i % 2 == 0 ? i * 0.25 : specials[i / 2];
    }
    assertSame(roundTrip(ts, vs, ts.length, new DecimalChunk()), ts, vs, ts.length);
  }

  @Test
  void valuesComputedInBinaryCostAboutAsMuchAsTheirDecimals() {
    int n = 120;
    long[] ts = new long[n];
    double[] exact = new double[n];
    double[] computed = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = i * 60_000L;
      exact[i] = (1000 + 7 * i) / 100.0;
      computed[i] = (1000 + 7 * i) * 0.01;
    }
    ByteWriter a = new ByteWriter();
    ByteWriter b = new ByteWriter();
    new DecimalChunk().writeValues(exact, n, a);
    new DecimalChunk().writeValues(computed, n, b);
    assertThat(b.size()).isLessThan(a.size() + 40);
    assertSame(roundTrip(ts, computed, n, new DecimalChunk()), ts, computed, n);
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
    assertSame(roundTrip(ts, vs, n, new DecimalChunk()), ts, vs, n);
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

  @Property
  void arbitraryBytesDecodeOrFailAsCorruptData(@ForAll byte[] data,
      @ForAll @net.jqwik.api.constraints.IntRange(min = -2, max = 2000) int count,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 64) int valuesAt) {
    try {
      DecimalIterator it = new DecimalIterator().reset(ByteBuffer.wrap(data), 0,
          Math.min(valuesAt, data.length), count);
      int n = 0;
      while (it.next()) {
        n++;
      }
      assertThat(n).isEqualTo(count);
    } catch (CorruptDataException expected) {
      assertThat(expected).hasMessageContaining("chunk");
    }
  }
}
