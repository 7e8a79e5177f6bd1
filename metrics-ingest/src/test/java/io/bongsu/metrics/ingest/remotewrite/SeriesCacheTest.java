package io.bongsu.metrics.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static final byte[] KEY = {1, 2, 3};

  /** Hands out one ref per distinct label set and records what it was given. */
  static final class RefAppender implements Appender {
    final Map<Labels, Long> refs = new HashMap<>();
    final List<String> appended = new ArrayList<>();
    final List<Long> refHints = new ArrayList<>();

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      refHints.add(ref);
      appended.add(labels + "@" + t + "=" + v);
      return refs.computeIfAbsent(labels, k -> (long) refs.size() + 1);
    }

    @Override
    public void commit() {}

    @Override
    public void rollback() {}
  }

  private static byte[] request(long t, String[]... series) {
    WriteRequestEncoder enc = new WriteRequestEncoder();
    for (String[] s : series) {
      enc.addSeries(s, new long[] {t}, new double[] {t / 1000.0});
    }
    return enc.toByteArray();
  }

  @Test
  void aRepeatedSeriesReusesItsLabelsAndRef() throws Exception {
    WriteRequestDecoder decoder =
        new WriteRequestDecoder(new StringCache(64), new SeriesCache(16));
    RefAppender appender = new RefAppender();
    String[] a = {"__name__", "up", "job", "node", "instance", "h1"};
    String[] b = {"__name__", "up", "job", "node", "instance", "h2"};
    byte[] first = request(1000, a, b);
    byte[] second = request(2000, a, b);

    decoder.decode(first, 0, first.length, appender, MetadataSink.DISCARD);
    decoder.decode(second, 0, second.length, appender, MetadataSink.DISCARD);

    assertThat(appender.refHints).containsExactly(0L, 0L, 1L, 2L);
    assertThat(appender.appended).containsExactly(
        "{__name__=\"up\", instance=\"h1\", job=\"node\"}@1000=1.0",
        "{__name__=\"up\", instance=\"h2\", job=\"node\"}@1000=1.0",
        "{__name__=\"up\", instance=\"h1\", job=\"node\"}@2000=2.0",
        "{__name__=\"up\", instance=\"h2\", job=\"node\"}@2000=2.0");
  }

  @Test
  void theCacheHoldsTheStoragesOwnLabelSet() throws Exception {
    Labels stored = Labels.of("__name__", "up", "job", "node");
    List<Labels> given = new ArrayList<>();
    Appender appender = new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        given.add(labels);
        return 5;
      }

      @Override
      public Labels labels(long ref) {
        return ref == 5 ? stored : null;
      }

      @Override
      public void commit() {}

      @Override
      public void rollback() {}
    };
    WriteRequestDecoder decoder =
        new WriteRequestDecoder(new StringCache(64), new SeriesCache(16));
    byte[] first = request(1000, new String[] {"job", "node", "__name__", "up"});
    byte[] second = request(2000, new String[] {"job", "node", "__name__", "up"});

    decoder.decode(first, 0, first.length, appender, MetadataSink.DISCARD);
    decoder.decode(second, 0, second.length, appender, MetadataSink.DISCARD);

    assertThat(given.get(0)).isEqualTo(stored).isNotSameAs(stored);
    assertThat(given.get(1)).isSameAs(stored);
  }

  @Test
  void aCachedEntryWithTheSameHashButOtherLabelBytesIsNotUsed() throws Exception {
    SeriesCache cache = new SeriesCache(16);
    String[] real = {"__name__", "up", "job", "node"};
    byte[] labelBytes = labelFields(real);
    long hash = WriteRequestDecoder.hash(labelBytes, 0, labelBytes.length);
    byte[] other = labelFields(new String[] {"__name__", "up", "job", "nodf"});
    cache.put(hash, other, Labels.of("__name__", "up", "job", "nodf"), 7,
        (int) (System.currentTimeMillis() / 60_000));
    WriteRequestDecoder decoder = new WriteRequestDecoder(new StringCache(64), cache);
    RefAppender appender = new RefAppender();
    byte[] req = request(1000, real);

    decoder.decode(req, 0, req.length, appender, MetadataSink.DISCARD);

    assertThat(appender.refHints).containsExactly(0L);
    assertThat(appender.appended).containsExactly("{__name__=\"up\", job=\"node\"}@1000=1.0");
  }

  @Test
  void seriesWhoseLabelFieldsAreNotInOneRunAreDecodedEveryTime() throws Exception {
    SeriesCache cache = new SeriesCache(16);
    WriteRequestDecoder decoder = new WriteRequestDecoder(new StringCache(64), cache);
    RefAppender appender = new RefAppender();
    // TimeSeries: label, sample, label (fields in any order are valid protobuf).
    byte[] name = labelFields(new String[] {"__name__", "up"});
    byte[] job = labelFields(new String[] {"job", "node"});
    byte[] sample = {0x12, 0x0B, 0x09, 0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F, 0x10, 0x01};
    byte[] series = concat(name, sample, job);
    byte[] req = concat(new byte[] {0x0A, (byte) series.length}, series);

    decoder.decode(req, 0, req.length, appender, MetadataSink.DISCARD);
    decoder.decode(req, 0, req.length, appender, MetadataSink.DISCARD);

    assertThat(cache.size()).isZero();
    assertThat(appender.refHints).containsExactly(0L, 0L);
    assertThat(appender.appended).containsExactly(
        "{__name__=\"up\", job=\"node\"}@1=1.0", "{__name__=\"up\", job=\"node\"}@1=1.0");
  }

  /** TimeSeries label fields (field 1, each a Label message) as the encoder writes them. */
  private static byte[] labelFields(String[] pairs) {
    byte[] out = new byte[0];
    for (int i = 0; i < pairs.length; i += 2) {
      byte[] n = pairs[i].getBytes(StandardCharsets.US_ASCII);
      byte[] v = pairs[i + 1].getBytes(StandardCharsets.US_ASCII);
      out = concat(out, new byte[] {0x0A, (byte) (4 + n.length + v.length), 0x0A,
          (byte) n.length}, n, new byte[] {0x12, (byte) v.length}, v);
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void idleEntriesAreSweptWhenTheTableFills() {
    SeriesCache cache = new SeriesCache(8);
    for (int i = 0; i < 4; i++) {
      cache.put(i * 0x1_0000_0001L, new byte[] {(byte) i}, Labels.of("__name__", "m" + i),
          i + 1, 0);
    }
    cache.put(99, new byte[] {99}, Labels.of("__name__", "late"), 99, SeriesCache.IDLE_EPOCHS);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(99, SeriesCache.IDLE_EPOCHS).ref).isEqualTo(99);
    assertThat(cache.get(0, SeriesCache.IDLE_EPOCHS)).isNull();
  }

  @Test
  void theTableGrowsWhileItsEntriesAreInUse() {
    SeriesCache cache = new SeriesCache(8);
    for (int i = 0; i < 1000; i++) {
      cache.put(i * 0x9E3779B97F4A7C15L, KEY, Labels.of("__name__", "m" + i), i + 1, 5);
    }
    int found = 0;
    for (int i = 0; i < 1000; i++) {
      SeriesCache.Entry e = cache.get(i * 0x9E3779B97F4A7C15L, 5);
      if (e != null && e.ref == i + 1) {
        found++;
      }
    }
    assertThat(cache.slots()).isGreaterThanOrEqualTo(2048);
    assertThat(found).isEqualTo(1000);
  }

  @Test
  void aLargeCacheKeepsItsLoadFactorInsteadOfDoublingOnChanceClusters() {
    SeriesCache cache = new SeriesCache(1024);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    long[] hashes = new long[120_000];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = rnd.nextLong();
      cache.put(hashes[i], KEY, Labels.of("__name__", "m"), i + 1, 5);
    }
    assertThat(cache.size()).isEqualTo(hashes.length);
    // Grown while a quarter full: at most 8 slots per entry (a window of 4 had it at 35).
    assertThat(cache.slots()).isLessThanOrEqualTo(8 * hashes.length);
    for (int i = 0; i < hashes.length; i++) {
      assertThat(cache.get(hashes[i], 5).ref).isEqualTo(i + 1);
    }
  }

  /**
   * Whatever was cached before, a warm decoder hands the storage the same label sets as a cold
   * one: label order, empty values, duplicates and near-identical series included.
   */
  @Property(tries = 300)
  void aWarmCacheDecodesLikeAColdDecoder(@ForAll("batches") List<List<String[]>> batches,
      @ForAll long seed) throws Exception {
    WriteRequestDecoder warm = new WriteRequestDecoder(new StringCache(8), new SeriesCache(8));
    RefAppender warmAppender = new RefAppender();
    Random rnd = new Random(seed);
    long t = 1000;
    for (List<String[]> batch : batches) {
      List<String[]> shuffled = new ArrayList<>();
      for (String[] s : batch) {
        shuffled.add(shufflePairs(s, rnd));
      }
      byte[] req = request(t, shuffled.toArray(new String[0][]));
      RefAppender cold = new RefAppender();
      RemoteWriteResult coldResult = new WriteRequestDecoder()
          .decode(req, 0, req.length, cold, MetadataSink.DISCARD);
      int before = warmAppender.appended.size();

      RemoteWriteResult warmResult =
          warm.decode(req, 0, req.length, warmAppender, MetadataSink.DISCARD);

      assertThat(warmAppender.appended.subList(before, warmAppender.appended.size()))
          .isEqualTo(cold.appended);
      assertThat(warmResult).isEqualTo(coldResult);
      t += 1000;
    }
  }

  private static String[] shufflePairs(String[] s, Random rnd) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < s.length / 2; i++) {
      order.add(i);
    }
    Collections.shuffle(order, rnd);
    String[] out = new String[s.length];
    for (int i = 0; i < order.size(); i++) {
      out[2 * i] = s[2 * order.get(i)];
      out[2 * i + 1] = s[2 * order.get(i) + 1];
    }
    return out;
  }

  @Provide
  Arbitrary<List<List<String[]>>> batches() {
    Arbitrary<String> names = Arbitraries.of("__name__", "job", "instance", "a", "b", "1x");
    Arbitrary<String> values = Arbitraries.of("", "up", "node", "h1", "h2", "é", "upp", "n");
    Arbitrary<String[]> series = net.jqwik.api.Combinators.combine(names, values)
        .as((n, v) -> new String[] {n, v}).list().ofMaxSize(5)
        .map(pairs -> {
          String[] out = new String[2 + pairs.size() * 2];
          out[0] = "__name__";
          out[1] = "m";
          for (int i = 0; i < pairs.size(); i++) {
            out[2 + 2 * i] = pairs.get(i)[0];
            out[3 + 2 * i] = pairs.get(i)[1];
          }
          return out;
        });
    return series.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(6);
  }
}
