package io.bongsu.metrics.tsdb;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.block.BlockMeta;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns historical samples, in any order, into blocks aligned to the block range (backfill, as
 * {@code promtool tsdb create-blocks-from openmetrics} does). Samples are buffered per block
 * window and series and written when the buffer is full or on {@link #flush()}; several flushes
 * may leave overlapping blocks, which queries merge and compaction combines. A later sample for
 * the same series and timestamp replaces an earlier one. Not thread-safe.
 */
public final class BlockWriter implements AutoCloseable {
  public static final int DEFAULT_MAX_BUFFERED = 5_000_000;

  /** Called for each block written. */
  @FunctionalInterface
  public interface BlockListener {
    void written(BlockMeta meta) throws IOException;
  }

  private final Path dir;
  private final long blockRange;
  private final int maxBuffered;
  private final BlockListener listener;
  private final BlockBuilder.Format format;
  private final TreeMap<Long, Map<Labels, Buffer>> windows = new TreeMap<>();
  private final List<BlockMeta> written = new ArrayList<>();
  private int buffered;

  private static final class Buffer {
    long[] ts = new long[16];
    double[] vs = new double[16];
    int n;

    void add(long t, double v) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ts[n] = t;
      vs[n] = v;
      n++;
    }
  }

  /** A writer into {@code dbDir} (created if missing), e.g. for an offline import. */
  public static BlockWriter create(Path dbDir, long blockRangeMillis) throws IOException {
    Files.createDirectories(dbDir);
    return new BlockWriter(dbDir, blockRangeMillis, DEFAULT_MAX_BUFFERED, meta -> { });
  }

  /** A writer buffering up to {@code maxBuffered} samples and writing blocks in {@code format}. */
  public static BlockWriter create(Path dbDir, long blockRangeMillis, int maxBuffered,
      BlockBuilder.Format format) throws IOException {
    Files.createDirectories(dbDir);
    return new BlockWriter(dbDir, blockRangeMillis, maxBuffered, meta -> { }, format);
  }

  BlockWriter(Path dir, long blockRange, int maxBuffered, BlockListener listener) {
    this(dir, blockRange, maxBuffered, listener, BlockBuilder.DEFAULT_FORMAT);
  }

  private BlockWriter(Path dir, long blockRange, int maxBuffered, BlockListener listener,
      BlockBuilder.Format format) {
    if (blockRange <= 0 || maxBuffered <= 0) {
      throw new IllegalArgumentException("block range and buffer size must be positive");
    }
    this.dir = dir;
    this.blockRange = blockRange;
    this.maxBuffered = maxBuffered;
    this.listener = listener;
    this.format = format;
  }

  public void add(Labels labels, long t, double v) throws IOException {
    if (labels.metricName() == null) {
      throw new SampleRejectedException(SampleRejectedException.Reason.INVALID_LABELS,
          "missing metric name: " + labels);
    }
    long w = Math.floorDiv(t, blockRange) * blockRange;
    windows.computeIfAbsent(w, k -> new HashMap<>()).computeIfAbsent(labels, k -> new Buffer())
        .add(t, v);
    if (++buffered >= maxBuffered) {
      flush();
    }
  }

  /** Writes every buffered sample into blocks; returns all blocks written so far. */
  public List<BlockMeta> flush() throws IOException {
    for (var e : windows.entrySet()) {
      long start = e.getKey();
      List<Map.Entry<Labels, Buffer>> series = new ArrayList<>(e.getValue().entrySet());
      series.sort(Map.Entry.comparingByKey());
      BlockBuilder builder =
          new BlockBuilder(dir, start, start + blockRange, 1, List.of(), format);
      try {
        for (var s : series) {
          builder.addSeries(s.getKey(), encode(s.getValue()));
        }
        BlockMeta meta = builder.finish();
        written.add(meta);
        listener.written(meta);
      } catch (IOException | RuntimeException ex) {
        builder.abort();
        throw ex;
      }
    }
    windows.clear();
    buffered = 0;
    return List.copyOf(written);
  }

  private static List<BlockBuilder.Chunk> encode(Buffer b) {
    Integer[] order = new Integer[b.n];
    for (int i = 0; i < b.n; i++) {
      order[i] = i;
    }
    // Stable sort keeps arrival order among equal timestamps, so the last one can win.
    Arrays.sort(order, (x, y) -> Long.compare(b.ts[x], b.ts[y]));
    List<BlockBuilder.Chunk> out = new ArrayList<>();
    XorEncoder enc = null;
    long min = 0;
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (k + 1 < order.length && b.ts[order[k + 1]] == b.ts[i]) {
        continue;
      }
      if (enc == null) {
        enc = new XorEncoder();
        min = b.ts[i];
      }
      enc.append(b.ts[i], b.vs[i]);
      if (enc.count() == XorEncoder.TARGET_SAMPLES) {
        out.add(new BlockBuilder.Chunk(min, enc.lastTimestamp(), enc.count(), enc.array(),
            enc.byteCount()));
        enc = null;
      }
    }
    if (enc != null) {
      out.add(new BlockBuilder.Chunk(min, enc.lastTimestamp(), enc.count(), enc.array(),
          enc.byteCount()));
    }
    return out;
  }

  /** Flushes what is buffered. */
  @Override
  public void close() throws IOException {
    flush();
  }
}
