package io.bongsu.metrics.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.ingest.remotewrite.RecordingAppender.Appended;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteRequestDecoderTest {
  private final RecordingAppender appender = new RecordingAppender();

  private RemoteWriteResult decode(byte[] proto) throws RemoteWriteException {
    return new WriteRequestDecoder().decode(proto, 0, proto.length, appender,
        MetadataSink.DISCARD);
  }

  @Test
  void decodesSeriesAndSamplesInOrder() throws Exception {
    byte[] proto = new WriteRequestEncoder()
        .addSeries(Labels.of("__name__", "up", "job", "a"), new long[] {1000, 2000},
            new double[] {1, 0})
        .addSample(Labels.of("__name__", "temp", "room", "kitchen"), -5, -21.5)
        .toByteArray();

    RemoteWriteResult result = decode(proto);

    assertThat(result.samplesAppended()).isEqualTo(3);
    assertThat(result.hasRejections()).isFalse();
    assertThat(appender.appended).containsExactly(
        new Appended(Labels.of("__name__", "up", "job", "a"), 1000, bits(1)),
        new Appended(Labels.of("__name__", "up", "job", "a"), 2000, bits(0)),
        new Appended(Labels.of("__name__", "temp", "room", "kitchen"), -5, bits(-21.5)));
  }

  @Test
  void acceptsUnsortedLabels() throws Exception {
    byte[] proto = new WriteRequestEncoder()
        .addSeries(new String[] {"z", "1", "__name__", "m", "a", "2"}, new long[] {5},
            new double[] {7})
        .toByteArray();

    decode(proto);

    assertThat(appender.appended).singleElement()
        .extracting(Appended::labels).isEqualTo(Labels.of("__name__", "m", "a", "2", "z", "1"));
  }

  @Test
  void rejectsInvalidSeriesButKeepsTheOthers() throws Exception {
    byte[] proto = new WriteRequestEncoder()
        .addSeries(new String[] {"job", "x"}, new long[] {1}, new double[] {1})
        .addSeries(new String[] {"__name__", "m", "a", "1", "a", "2"}, new long[] {1},
            new double[] {1})
        .addSeries(new String[] {"__name__", "m", "1bad", "v"}, new long[] {1}, new double[] {1})
        .addSeries(new String[] {"__name__", "m", "", "v"}, new long[] {1}, new double[] {1})
        .addSeries(new String[] {"__name__", "bad-name"}, new long[] {1}, new double[] {1})
        .addSeries(new String[] {"__name__", "good"}, new long[] {1, 2}, new double[] {1, 2})
        .toByteArray();

    RemoteWriteResult result = decode(proto);

    assertThat(result.seriesRejected()).isEqualTo(5);
    assertThat(result.samplesAppended()).isEqualTo(2);
    assertThat(result.errors()).containsExactly(
        "invalid series {job=\"x\"}: missing metric name",
        "invalid series {__name__=\"m\", a=\"2\"}: label name \"a\" is not unique",
        "invalid series {1bad=\"v\", __name__=\"m\"}: invalid label name \"1bad\"",
        "invalid series {=\"v\", __name__=\"m\"}: invalid label name \"\"",
        "invalid series {__name__=\"bad-name\"}: invalid metric name \"bad-name\"");
    assertThat(appender.appended).extracting(Appended::labels)
        .containsOnly(Labels.of("__name__", "good"));
  }

  @Test
  void keepsGoodSamplesWhenSomeAreRejected() throws Exception {
    appender.rejectTimestamps.add(2000L);
    byte[] proto = new WriteRequestEncoder()
        .addSeries(Labels.of("__name__", "m"), new long[] {1000, 2000, 3000},
            new double[] {1, 2, 3})
        .toByteArray();

    RemoteWriteResult result = decode(proto);

    assertThat(result.samplesAppended()).isEqualTo(2);
    assertThat(result.samplesRejected()).isEqualTo(1);
    assertThat(result.errorText())
        .isEqualTo("out of order sample for series {__name__=\"m\"} at timestamp 2000\n");
    assertThat(appender.appended).extracting(Appended::timestamp).containsExactly(1000L, 3000L);
  }

  @Test
  void skipsNativeHistogramsAndExemplarsButKeepsFloatSamples() throws Exception {
    ProtoWriter series = new ProtoWriter();
    series.lengthDelimited(4, new byte[] {0x08, 0x05});
    series.lengthDelimited(3, new byte[] {0x11, 0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F});
    series.lengthDelimited(1, label("__name__", "h"));
    series.lengthDelimited(2, new byte[] {0x10, 0x07});
    ProtoWriter request = new ProtoWriter();
    request.lengthDelimited(1, series.toByteArray());

    RemoteWriteResult result = decode(request.toByteArray());

    assertThat(result.histogramsSkipped()).isEqualTo(1);
    assertThat(result.exemplarsSkipped()).isEqualTo(1);
    assertThat(appender.appended)
        .containsExactly(new Appended(Labels.of("__name__", "h"), 7, bits(0)));
  }

  @Test
  void skipsUnknownFieldsOfEveryWireType() throws Exception {
    ProtoWriter request = new ProtoWriter();
    request.tag(9, 0);
    request.varint(300);
    request.tag(10, 1);
    request.fixed64(1);
    request.tag(11, 5);
    request.varint(0);
    request.varint(0);
    request.varint(0);
    request.varint(0);
    request.lengthDelimited(12, new byte[] {1, 2, 3});
    byte[] body = concat(request.toByteArray(),
        new WriteRequestEncoder().addSample(Labels.of("__name__", "m"), 1, 1).toByteArray());

    RemoteWriteResult result = decode(body);

    assertThat(result.samplesAppended()).isEqualTo(1);
  }

  @Test
  void passesMetadataOn() throws Exception {
    List<String> seen = new ArrayList<>();
    byte[] proto = new WriteRequestEncoder()
        .addMetadata("http_requests_total", "counter", "Requests.", "")
        .addMetadata("temp", "gauge", "", "celsius")
        .toByteArray();

    new WriteRequestDecoder().decode(proto, 0, proto.length, appender,
        (family, type, help, unit) -> seen.add(family + "|" + type + "|" + help + "|" + unit));

    assertThat(seen).containsExactly("http_requests_total|counter|Requests.|",
        "temp|gauge||celsius");
  }

  @Test
  void truncatedMessageIsAClearError() {
    byte[] proto = new WriteRequestEncoder()
        .addSample(Labels.of("__name__", "m"), 1, 1)
        .toByteArray();
    byte[] truncated = Arrays.copyOf(proto, proto.length - 3);

    assertThatThrownBy(() -> decode(truncated))
        .isInstanceOf(RemoteWriteException.class)
        .hasMessageStartingWith("malformed protobuf WriteRequest: ");
  }

  @Test
  void invalidUtf8InALabelValueIsAnError() {
    ProtoWriter label = new ProtoWriter();
    label.lengthDelimited(1, ProtoWriter.utf8("__name__"));
    label.lengthDelimited(2, new byte[] {'a', (byte) 0xC3});
    ProtoWriter series = new ProtoWriter();
    series.lengthDelimited(1, label.toByteArray());
    ProtoWriter request = new ProtoWriter();
    request.lengthDelimited(1, series.toByteArray());

    assertThatThrownBy(() -> decode(request.toByteArray()))
        .isInstanceOf(RemoteWriteException.class)
        .hasMessageContaining("Label.value is not valid UTF-8");
  }

  @Test
  void receiverCommitsValidRequestsAndRollsBackMalformedOnes() throws Exception {
    MemoryStorage storage = new MemoryStorage();
    RemoteWriteReceiver receiver = new RemoteWriteReceiver(storage);
    byte[] good = new WriteRequestEncoder()
        .addSample(Labels.of("__name__", "kept"), 1, 1)
        .toSnappy();
    byte[] badTail = new WriteRequestEncoder()
        .addSample(Labels.of("__name__", "dropped"), 1, 1)
        .toByteArray();
    byte[] bad = SnappyBlock.compress(concat(badTail, new byte[] {0x0A, 0x7F}));

    receiver.receive(good, 0, good.length);
    assertThatThrownBy(() -> receiver.receive(bad, 0, bad.length))
        .isInstanceOf(RemoteWriteException.class);

    try (var q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(q.select(List.of(LabelMatcher.of(LabelMatcher.Type.RE, "__name__", ".+"))))
          .extracting(Series::labels)
          .containsExactly(Labels.of("__name__", "kept"));
    }
  }

  @Test
  void corruptSnappyIsAClearError() {
    byte[] notSnappy = {0x10, (byte) 0xFF, 0x01, 0x02};
    assertThatThrownBy(() -> SnappyBlock.decompress(notSnappy, 0, notSnappy.length, 1 << 20))
        .isInstanceOf(RemoteWriteException.class)
        .hasMessage("snappy: corrupt input");
  }

  @Test
  void snappyDeclaringTooLargeAnOutputIsRefusedBeforeAllocating() {
    byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0};
    assertThatThrownBy(() -> SnappyBlock.decompress(huge, 0, huge.length, 1 << 20))
        .isInstanceOf(RemoteWriteException.class)
        .hasMessageContaining("exceeds the limit");
  }

  static byte[] label(String name, String value) {
    ProtoWriter w = new ProtoWriter();
    w.lengthDelimited(1, ProtoWriter.utf8(name));
    w.lengthDelimited(2, ProtoWriter.utf8(value));
    return w.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }
}
