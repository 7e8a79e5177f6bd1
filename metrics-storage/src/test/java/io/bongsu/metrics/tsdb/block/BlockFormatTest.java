package io.bongsu.metrics.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockFormatTest {
  @TempDir Path dir;

  private static BlockBuilder.Chunk chunk(long from, int n) {
    XorEncoder e = new XorEncoder();
    for (int i = 0; i < n; i++) {
      e.append(from + i * 1000L, i);
    }
    return new BlockBuilder.Chunk(from, from + (n - 1) * 1000L, n, e.array(), e.byteCount());
  }

  private BlockMeta writeSample() throws IOException {
    BlockBuilder b = new BlockBuilder(dir, 0, 1_000_000, 1, List.of());
    b.addSeries(Labels.of("__name__", "a", "job", "x"), List.of(chunk(0, 120), chunk(120_000, 5)));
    b.addSeries(Labels.of("__name__", "b", "job", "x"), List.of(chunk(0, 3)));
    b.addSeries(Labels.of("__name__", "b", "job", "y"), List.of());
    return b.finish();
  }

  @Test
  void seriesChunksAndPostingsReadBackAsWritten() throws IOException {
    BlockMeta meta = writeSample();
    BlockReader r = new BlockReader(dir.resolve(meta.id()));
    assertThat(r.meta()).isEqualTo(meta);
    assertThat(meta.numSeries()).isEqualTo(2);
    assertThat(meta.numSamples()).isEqualTo(128);
    assertThat(r.postings("job", "x")).containsExactly(0, 1);
    assertThat(r.postings("__name__", "b")).containsExactly(1);
    assertThat(r.postings("job", "y")).isEmpty();
    assertThat(r.names()).containsExactly("__name__", "job");
    List<ChunkRef> chunks = new ArrayList<>();
    assertThat(r.series(0, chunks)).isEqualTo(Labels.of("__name__", "a", "job", "x"));
    assertThat(chunks).as("consecutive chunks are stored as one").hasSize(1);
    assertThat(chunks.get(0).minT).isZero();
    assertThat(chunks.get(0).maxT).isEqualTo(124_000L);
    SampleIterator it = chunks.get(0).iterator();
    int n = 0;
    while (it.next()) {
      assertThat(it.timestamp()).isEqualTo(n * 1000L);
      n++;
    }
    assertThat(n).isEqualTo(125);
  }

  @Test
  void gorillaBlocksKeepTheChunksAsGiven() throws IOException {
    BlockBuilder b = new BlockBuilder(dir, 0, 1_000_000, 1, List.of(), BlockBuilder.Format.GORILLA);
    b.addSeries(Labels.of("__name__", "a"), List.of(chunk(0, 120), chunk(120_000, 5)));
    BlockReader r = new BlockReader(dir.resolve(b.finish().id()));
    List<ChunkRef> chunks = new ArrayList<>();
    r.series(0, chunks);
    assertThat(chunks).extracting(c -> c.minT).containsExactly(0L, 120_000L);
    SampleIterator it = chunks.get(1).iterator();
    int n = 0;
    while (it.next()) {
      assertThat(it.timestamp()).isEqualTo(120_000L + n * 1000L);
      n++;
    }
    assertThat(n).isEqualTo(5);
  }

  @Test
  void longSeriesAreCutIntoBlockChunksAndOverlappingChunksStayApart() throws IOException {
    BlockBuilder b = new BlockBuilder(dir, 0, 10_000_000, 1, List.of());
    List<BlockBuilder.Chunk> in = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      in.add(chunk(i * 120_000L, 120));
    }
    in.add(chunk(0, 3));
    b.addSeries(Labels.of("__name__", "a"), in);
    BlockReader r = new BlockReader(dir.resolve(b.finish().id()));
    List<ChunkRef> chunks = new ArrayList<>();
    r.series(0, chunks);
    assertThat(chunks).extracting(c -> c.minT)
        .containsExactly(0L, BlockBuilder.MAX_BLOCK_CHUNK_SAMPLES * 1000L,
            2L * BlockBuilder.MAX_BLOCK_CHUNK_SAMPLES * 1000L, 0L);
    assertThat(r.meta().numSamples()).isEqualTo(2403);
  }

  @Test
  void seriesMustArriveInLabelOrder() throws IOException {
    BlockBuilder b = new BlockBuilder(dir, 0, 10, 1, List.of());
    b.addSeries(Labels.of("__name__", "b"), List.of(chunk(0, 1)));
    assertThatThrownBy(() -> b.addSeries(Labels.of("__name__", "a"), List.of(chunk(0, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    b.abort();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aDamagedIndexIsAnIOExceptionNotACrash() throws IOException {
    BlockMeta meta = writeSample();
    Path index = dir.resolve(meta.id()).resolve("index");
    byte[] bytes = Files.readAllBytes(index);
    Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> new BlockReader(dir.resolve(meta.id())))
        .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
  }

  @Test
  void metaJsonRoundTrips() {
    BlockMeta m = new BlockMeta(BlockIds.next(), -5, 7200000, 3, 4, 500, 2,
        List.of(BlockIds.next(), BlockIds.next()));
    assertThat(BlockMeta.parse(m.toJson())).isEqualTo(m);
    assertThat(BlockIds.looksLikeId(m.id())).isTrue();
    assertThat(BlockIds.looksLikeId("wal")).isFalse();
  }
}
