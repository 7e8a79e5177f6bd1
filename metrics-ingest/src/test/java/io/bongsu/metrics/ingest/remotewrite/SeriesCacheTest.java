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
  private static final byte[] KEY = labelFields(new String[] {"__name__", "m"});
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

  /**
   * A hash collision is simulated by caching, under the hash of one series' label bytes, another
   * label set and ref: the decoder must decode the series itself and give the storage no ref hint.
   */
  @Test
  void aHashCollisionNeverHandsOutAnotherSeriesLabelsOrRef() throws Exception {
    String[] real = {"__name__", "up", "job", "node", "instance", "h1"};
    List<Labels> others = List.of(
        Labels.of("__name__", "up", "job", "nodf", "instance", "h1"),
        Labels.of("__name__", "up", "job", "node"),
        Labels.of("__name__", "up", "job", "node", "instance", "h1", "zone", "a"),
        Labels.of("__name__", "up", "job", "h1", "instance", "node"),
        Labels.of("__name__", "up", "job", "node", "instancf", "h1"),
        Labels.of("__name__", "up", "job", "node", "instance", "h\u0131"));
    for (Labels other : others) {
      assertThat(decodeUnder(real, other)).as("cached %s", other)
          .containsExactly("{__name__=\"up\", instance=\"h1\", job=\"node\"}@1000=1.0 hint 0");
    }
  }

  @Test
  void aCollidingSetIsNotMatchedByARepeatedWireLabel() throws Exception {
    List<String> out = decodeUnder(new String[] {"__name__", "up", "job", "node", "job", "node"},
        Labels.of("__name__", "up", "job", "node", "instance", "h1"));

    assertThat(out).isEmpty();
  }

  @Test
  void anEmptyWireValueIsDecodedNotMatched() throws Exception {
    assertThat(decodeUnder(new String[] {"__name__", "up", "job", ""},
        Labels.of("__name__", "up")))
        .containsExactly("{__name__=\"up\"}@1000=1.0 hint 0");
  }

  /**
   * Near-identical label sets (one char, one label, or the order apart, at every field length
   * around a word) forced to one hash: a hit only when the wire bytes are the cached ones.
   */
  @Property(tries = 500)
  void aForcedCollisionIsAHitOnlyForTheSameBytes(@ForAll("nearSets") String[][] pair)
      throws Exception {
    String[] wire = pair[0];
    boolean sameBytes = java.util.Arrays.equals(labelFields(wire), labelFields(pair[1]));
    RefAppender cold = new RefAppender();
    byte[] req = request(1000, wire);
    new WriteRequestDecoder().decode(req, 0, req.length, cold, MetadataSink.DISCARD);

    List<String> out = decodeUnder(wire, pair[1]);

    assertThat(out).hasSize(1);
    assertThat(out.get(0)).isEqualTo(cold.appended.get(0) + " hint " + (sameBytes ? 7 : 0));
  }

  @Provide
  Arbitrary<String[][]> nearSets() {
    Arbitrary<String> values = Arbitraries.strings().withChars("ab\u00e9").ofMinLength(1)
        .ofMaxLength(20);
    return Arbitraries.integers().between(0, 3).flatMap(change -> values.list().ofSize(3)
        .flatMap(vs -> Arbitraries.integers().between(0, 19).map(at -> {
          String metric = "m" + vs.get(0).replace('\u00e9', 'c');
          String[] a = {"__name__", metric, "job", vs.get(1), "instance", vs.get(2)};
          String[] b = a.clone();
          switch (change) {
            case 0 -> { }
            case 1 -> {
              String v = b[3];
              int i = at % v.length();
              b[3] = v.substring(0, i) + (v.charAt(i) == 'a' ? 'b' : 'a') + v.substring(i + 1);
            }
            case 2 -> b = java.util.Arrays.copyOf(a, 4);
            default -> b = new String[] {a[0], a[1], a[4], a[5], a[2], a[3]};
          }
          return new String[][] {a, b};
        })));
  }

  /**
   * Caches {@code cached} with ref 7 under the hash of {@code series}' label bytes, decodes one
   * request of {@code series} and returns what reached the storage, with each ref hint.
   */
  private static List<String> decodeUnder(String[] series, Labels cached) throws Exception {
    return decodeUnder(series, pairs(cached));
  }

  /** As above, the cached series' label fields in the order {@code cachedWire} gives them. */
  private static List<String> decodeUnder(String[] series, String[] cachedWire)
      throws Exception {
    Labels cached = Labels.of(cachedWire);
    byte[] labelBytes = labelFields(series);
    long hash = WriteRequestDecoder.hash(labelBytes, 0, labelBytes.length);
    SeriesCache cache = new SeriesCache(16);
    byte[] cachedBytes = labelFields(cachedWire);
    cache.put(hash, cachedBytes, 0, cachedBytes.length, cached, 7,
        (int) (System.currentTimeMillis() / 60_000));
    WriteRequestDecoder decoder = new WriteRequestDecoder(new StringCache(64), cache);
    RefAppender appender = new RefAppender();
    byte[] req = request(1000, series);

    decoder.decode(req, 0, req.length, appender, MetadataSink.DISCARD);

    List<String> out = new ArrayList<>();
    for (int i = 0; i < appender.appended.size(); i++) {
      out.add(appender.appended.get(i) + " hint " + appender.refHints.get(i));
    }
    return out;
  }

  @Test
  void aRepeatedSeriesIsAHitInAnyLabelOrderAndWithNonAsciiOrLongValues() throws Exception {
    String[][] series = {
        {"job", "node", "__name__", "up", "instance", "h1"},
        {"__name__", "up", "zone", "a", "job", "n\u00e9ud", "city", "\u0141\u00f3d\u017a"},
        {"__name__", "up", "emoji", "\ud83d\ude00!", "job", "x"},
        {"__name__", "up", "path", "/" + "p".repeat(300), "job", "x"},
        {"__name__", "up", "job", "x", "big", "\u00e9".repeat(200)},
    };
    WriteRequestDecoder decoder =
        new WriteRequestDecoder(new StringCache(64), new SeriesCache(16));
    RefAppender appender = new RefAppender();
    byte[] first = request(1000, series);
    byte[] second = request(2000, series);

    decoder.decode(first, 0, first.length, appender, MetadataSink.DISCARD);
    decoder.decode(second, 0, second.length, appender, MetadataSink.DISCARD);

    assertThat(appender.refHints).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(appender.appended.subList(5, 10)).containsExactlyElementsOf(
        appender.appended.subList(0, 5).stream().map(a -> a.replace("@1000=1.0", "@2000=2.0"))
            .toList());
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

  private static String[] pairs(Labels labels) {
    String[] out = new String[2 * labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      out[2 * i] = labels.name(i);
      out[2 * i + 1] = labels.value(i);
    }
    return out;
  }

  /**
   * TimeSeries label fields (field 1, each a Label message) as the encoder writes them: empty
   * strings omitted, every length under 128.
   */
  private static byte[] labelFields(String[] pairs) {
    byte[] out = new byte[0];
    for (int i = 0; i < pairs.length; i += 2) {
      byte[] n = stringField(1, pairs[i]);
      byte[] v = stringField(2, pairs[i + 1]);
      out = concat(out, new byte[] {0x0A, (byte) (n.length + v.length)}, n, v);
    }
    return out;
  }

  private static byte[] stringField(int field, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length == 0 ? b : concat(new byte[] {(byte) (field << 3 | 2), (byte) b.length}, b);
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
      cache.put(i * 0x1_0000_0001L, KEY, 0, KEY.length, Labels.of("__name__", "m" + i),
          i + 1, 0);
    }
    cache.put(99, KEY, 0, KEY.length, Labels.of("__name__", "late"), 99, SeriesCache.IDLE_EPOCHS);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(99, SeriesCache.IDLE_EPOCHS).ref).isEqualTo(99);
    assertThat(cache.get(0, SeriesCache.IDLE_EPOCHS)).isNull();
  }

  @Test
  void seriesShareEqualPiecesOfLabelFieldsAndSweptEntriesTakeTheirsAlong() {
    SeriesCache cache = new SeriesCache(8);
    for (int i = 0; i < 3; i++) {
      byte[] b = labelFields(new String[] {"__name__", "m" + i, "job", "node", "instance", "h"});
      cache.put(i * 0x1_0000_0001L, b, 0, b.length, Labels.of("__name__", "m" + i), i + 1, 0);
    }
    // Pieces of two fields: (__name__ mi, job) for each i and the shared (instance).
    assertThat(cache.pieceCount()).isEqualTo(4);
    assertThat(cache.get(0, 0).pieces[1]).isSameAs(cache.get(0x1_0000_0001L, 0).pieces[1]);

    byte[] late = labelFields(new String[] {"__name__", "late", "job", "node"});
    cache.put(99, late, 0, late.length, Labels.of("__name__", "late"), 99, 0);
    cache.put(98, KEY, 0, KEY.length, Labels.of("__name__", "m"), 98, SeriesCache.IDLE_EPOCHS);

    // The four idle entries were swept: left is the piece of the one put after the sweep.
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.pieceCount()).isEqualTo(1);
  }

  @Test
  void theTableGrowsWhileItsEntriesAreInUse() {
    SeriesCache cache = new SeriesCache(8);
    for (int i = 0; i < 1000; i++) {
      cache.put(i * 0x9E3779B97F4A7C15L, KEY, 0, KEY.length, Labels.of("__name__", "m" + i),
          i + 1, 5);
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
      cache.put(hashes[i], KEY, 0, KEY.length, Labels.of("__name__", "m"), i + 1, 5);
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
