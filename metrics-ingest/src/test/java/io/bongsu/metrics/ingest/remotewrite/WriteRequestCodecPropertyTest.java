package io.bongsu.metrics.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.ingest.remotewrite.RecordingAppender.Appended;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class WriteRequestCodecPropertyTest {
  record SeriesData(Labels labels, long[] timestamps, double[] values) {}

  @Property(tries = 300)
  void encodeThenDecodeGivesBackEverySample(@ForAll("requests") List<SeriesData> request)
      throws Exception {
    WriteRequestEncoder encoder = new WriteRequestEncoder();
    List<Appended> expected = new ArrayList<>();
    for (SeriesData s : request) {
      encoder.addSeries(s.labels(), s.timestamps(), s.values());
      for (int i = 0; i < s.timestamps().length; i++) {
        expected.add(new Appended(s.labels(), s.timestamps()[i],
            Double.doubleToRawLongBits(s.values()[i])));
      }
    }
    byte[] compressed = encoder.toSnappy();
    byte[] proto = SnappyBlock.decompress(compressed, 0, compressed.length, 1 << 26);
    RecordingAppender appender = new RecordingAppender();

    RemoteWriteResult result = new WriteRequestDecoder().decode(proto, 0, proto.length,
        appender, MetadataSink.DISCARD);

    assertThat(result.hasRejections()).isFalse();
    assertThat(appender.appended).isEqualTo(expected);
  }

  @Property(tries = 500)
  void snappyDecompressesAlikeFromHeapArraysAndDirectBuffers(
      @ForAll @Size(max = 5000) byte[] data, @ForAll @IntRange(max = 20) int offset) throws Exception {
    byte[] compressed = SnappyBlock.compress(data);
    ByteBuffer direct = ByteBuffer.allocateDirect(offset + compressed.length + 7);
    direct.position(offset);
    direct.put(compressed).put(new byte[7]);
    direct.position(offset).limit(offset + compressed.length);
    byte[] out = new byte[SnappyBlock.checkedLength(direct, 1 << 20) + 3];

    int n = SnappyBlock.decompressInto(direct, out);

    assertThat(Arrays.copyOf(out, n)).isEqualTo(data);
    assertThat(direct.position()).isEqualTo(offset);
    assertThat(direct.limit()).isEqualTo(offset + compressed.length);
    assertThat(SnappyBlock.decompress(compressed, 0, compressed.length, 1 << 20)).isEqualTo(data);
  }

  @Property(tries = 2000)
  void randomBytesOnlyEverFailWithTheDecodeError(@ForAll @Size(max = 200) byte[] bytes) {
    assertOnlyDecodeErrors(bytes);
  }

  @Property(tries = 2000)
  void mutatedRequestsOnlyEverFailWithTheDecodeError(
      @ForAll("requests") List<SeriesData> request,
      @ForAll("mutations") List<Map.Entry<Integer, Byte>> mutations) {
    WriteRequestEncoder encoder = new WriteRequestEncoder();
    request.forEach(s -> encoder.addSeries(s.labels(), s.timestamps(), s.values()));
    encoder.addMetadata("m", "counter", "help", "unit");
    byte[] proto = encoder.toByteArray();
    for (var m : mutations) {
      proto[Math.floorMod(m.getKey(), proto.length)] = m.getValue();
    }
    assertOnlyDecodeErrors(proto);
    assertOnlyDecodeErrors(SnappyBlock.compress(proto));
    byte[] snappy = encoder.toSnappy();
    for (var m : mutations) {
      snappy[Math.floorMod(m.getKey(), snappy.length)] = m.getValue();
    }
    assertOnlyDecodeErrors(snappy);
  }

  private static void assertOnlyDecodeErrors(byte[] bytes) {
    try {
      new WriteRequestDecoder().decode(bytes, 0, bytes.length, new RecordingAppender(),
          MetadataSink.DISCARD);
    } catch (RemoteWriteException expected) {
      assertThat(expected.getMessage()).startsWith("malformed protobuf WriteRequest: ");
    }
    try {
      SnappyBlock.decompress(bytes, 0, bytes.length, 1 << 20);
    } catch (RemoteWriteException expected) {
      assertThat(expected.getMessage()).startsWith("snappy: ");
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    try {
      SnappyBlock.decompressInto(direct, new byte[SnappyBlock.checkedLength(direct, 1 << 20)]);
    } catch (RemoteWriteException expected) {
      assertThat(expected.getMessage()).startsWith("snappy: ");
    }
  }

  @Provide
  Arbitrary<List<Map.Entry<Integer, Byte>>> mutations() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.bytes())
        .as(Map::entry).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<SeriesData>> requests() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_')
        .ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> values = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10)
        .filter(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
    Arbitrary<Labels> labels = Combinators.combine(names,
            Arbitraries.maps(names, values).ofMaxSize(4))
        .as((metric, rest) -> {
          Labels.Builder b = new Labels.Builder();
          rest.forEach(b::set);
          return b.set("__name__", metric).build();
        });
    Arbitrary<double[]> samples = Arbitraries.doubles().list().ofMaxSize(5)
        .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
    Arbitrary<SeriesData> series = Combinators.combine(labels, samples,
            Arbitraries.longs().between(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2))
        .as((l, v, start) -> {
          long[] ts = new long[v.length];
          for (int i = 0; i < ts.length; i++) {
            ts[i] = start + 15_000L * i;
          }
          return new SeriesData(l, ts, v);
        });
    return series.list().ofMaxSize(5);
  }
}
