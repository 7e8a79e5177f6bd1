package io.bongsu.metrics.tsdb.block;

import io.bongsu.common.codec.ByteWriter;
import io.bongsu.common.codec.CorruptDataException;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.tsdb.chunk.DecimalChunk;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.chunk.XorIterator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one immutable block directory: {@code chunks}, {@code index} (symbols, series with
 * chunk references, postings, a table of series offsets and a fixed footer) and {@code
 * meta.json}. Series must be added in label order. The directory appears under its final name
 * only when complete.
 *
 * <p>Chunk records, by format: {@link Format#GORILLA} (index version 1) stores each chunk as
 * varint sample count, varint byte length, Gorilla bytes. {@link Format#DECIMAL} (version 2)
 * stores varint sample count, an encoding byte, then for {@link #ENC_XOR} varint length and
 * Gorilla bytes; for {@link #ENC_DECIMAL} a varint back-distance to an earlier identical
 * timestamp section (0: it follows inline as varint length and bytes) and the value section
 * (see {@link DecimalChunk}). Series scraped together share their timestamps, so each distinct
 * timestamp section is stored once per block. Version 2 re-cuts each series into chunks of up
 * to {@link #MAX_BLOCK_CHUNK_SAMPLES}, keeps the series offsets table as 4-byte integers and
 * stores the first chunk's start relative to the block's start.
 */
public final class BlockBuilder {
  static final int MAGIC = 0x42534958; // "BSIX"
  static final int ENC_XOR = 1;
  static final int ENC_DECIMAL = 2;
  /**
   * Distinct timestamp sections remembered for sharing (one per target and chunk range, so tens
   * of thousands at most for scraped data); beyond this the memory is reset, bounding it to a
   * few MB when every series has timestamps of its own.
   */
  private static final int MAX_SHARED_TIMESTAMPS = 1 << 16;
  /** Samples per chunk in version 2 blocks. */
  public static final int MAX_BLOCK_CHUNK_SAMPLES = 1024;

  /** The chunk layout of a block. */
  public enum Format {
    /** Index version 1: Gorilla chunks as the head holds them. */
    GORILLA(1),
    /** Index version 2: decimal chunks with shared timestamps, Gorilla where not exact. */
    DECIMAL(2);

    final int version;

    Format(int version) {
      this.version = version;
    }

    static Format ofVersion(int v) {
      for (Format f : values()) {
        if (f.version == v) {
          return f;
        }
      }
      throw new CorruptDataException("unknown block index version " + v);
    }
  }

  /** The format new blocks are written in. */
  public static final Format DEFAULT_FORMAT = Format.DECIMAL;

  /** A finished Gorilla chunk to store. */
  public record Chunk(long minT, long maxT, int count, byte[] data, int length) {}

  private final Path parent;
  private final Path tmp;
  private final String id;
  private final long minTime;
  private final long maxTime;
  private final int level;
  private final List<String> parents;
  private final OutputStream chunksOut;
  private long chunksOffset;
  private final List<Labels> seriesLabels = new ArrayList<>();
  private final List<long[]> seriesChunks = new ArrayList<>();
  /** Each symbol and how many label pairs use it. */
  private final Map<String, int[]> symbols = new HashMap<>();
  private long numChunks;
  private long numSamples;
  private Labels last;
  private final ByteWriter scratch = new ByteWriter(32);
  private final Format format;
  private final DecimalChunk decimal = new DecimalChunk();
  private final XorIterator xor = new XorIterator();
  private final ByteWriter tsBytes = new ByteWriter(64);
  private final ByteWriter valueBytes = new ByteWriter(256);
  private final Map<ByteKey, Long> sharedTimestamps = new HashMap<>();
  private long[] ts = new long[XorEncoder.TARGET_SAMPLES];
  private double[] vs = new double[XorEncoder.TARGET_SAMPLES];

  /** A byte sequence as a map key. */
  private record ByteKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  public BlockBuilder(Path parentDir, long minTime, long maxTime, int level, List<String> parents)
      throws IOException {
    this(parentDir, minTime, maxTime, level, parents, DEFAULT_FORMAT);
  }

  public BlockBuilder(Path parentDir, long minTime, long maxTime, int level, List<String> parents,
      Format format) throws IOException {
    this.format = format;
    this.parent = parentDir;
    this.id = BlockIds.next();
    this.tmp = parentDir.resolve(id + ".tmp");
    this.minTime = minTime;
    this.maxTime = maxTime;
    this.level = level;
    this.parents = List.copyOf(parents);
    Files.createDirectories(tmp);
    chunksOut = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("chunks")), 1 << 16);
  }

  /** Adds a series with its chunks in time order; series without chunks are skipped. */
  public void addSeries(Labels labels, List<Chunk> chunks) throws IOException {
    if (chunks.isEmpty()) {
      return;
    }
    if (last != null && last.compareTo(labels) >= 0) {
      throw new IllegalArgumentException("series out of order: " + labels + " after " + last);
    }
    last = labels;
    long[] refs = format == Format.GORILLA ? writeGorilla(chunks) : writeDecimal(chunks);
    labels.forEach((n, v) -> {
      symbols.computeIfAbsent(n, x -> new int[1])[0]++;
      symbols.computeIfAbsent(v, x -> new int[1])[0]++;
    });
    seriesLabels.add(labels);
    seriesChunks.add(refs);
  }

  private long[] writeGorilla(List<Chunk> chunks) throws IOException {
    long[] refs = new long[chunks.size() * 3];
    int k = 0;
    for (Chunk c : chunks) {
      refs[k++] = c.minT();
      refs[k++] = c.maxT();
      refs[k++] = chunksOffset;
      scratch.reset();
      scratch.putUvarint(c.count()).putUvarint(c.length());
      chunksOut.write(scratch.array(), 0, scratch.size());
      chunksOut.write(c.data(), 0, c.length());
      chunksOffset += scratch.size() + c.length();
      numChunks++;
      numSamples += c.count();
    }
    return refs;
  }

  /**
   * Decodes the series' chunks and writes them again as chunks of up to {@link
   * #MAX_BLOCK_CHUNK_SAMPLES}: fewer, larger chunks share their fixed costs, in the chunk
   * records and in the index. Chunks that do not follow each other in time stay apart.
   */
  private long[] writeDecimal(List<Chunk> chunks) throws IOException {
    int total = 0;
    for (Chunk c : chunks) {
      total += c.count();
    }
    if (ts.length < total) {
      ts = new long[total];
      vs = new double[total];
    }
    int[] cuts = new int[chunks.size() + 1];
    int n = 0;
    for (int j = 0; j < chunks.size(); j++) {
      Chunk c = chunks.get(j);
      xor.reset(c.data(), c.length(), c.count());
      int got = 0;
      while (got < c.count() && xor.next()) {
        ts[n + got] = xor.timestamp();
        vs[n + got] = xor.value();
        got++;
      }
      if (got != c.count()) {
        throw new IllegalArgumentException("chunk holds " + got + " samples, not " + c.count());
      }
      n += got;
      cuts[j + 1] = n;
    }
    long[] refs = new long[3 * (chunks.size() + total / MAX_BLOCK_CHUNK_SAMPLES + 1)];
    int k = 0;
    int from = 0;
    for (int j = 1; j < cuts.length; j++) {
      int b = cuts[j];
      if (j < chunks.size() && !(b > from && b < n && ts[b] <= ts[b - 1])) {
        continue;
      }
      for (int start = from; start < b; start += MAX_BLOCK_CHUNK_SAMPLES) {
        int end = Math.min(b, start + MAX_BLOCK_CHUNK_SAMPLES);
        refs[k++] = ts[start];
        refs[k++] = ts[end - 1];
        refs[k++] = chunksOffset;
        writeDecimal(start, end);
        numChunks++;
        numSamples += end - start;
      }
      from = b;
    }
    return Arrays.copyOf(refs, k);
  }

  /** Writes samples [from, to) as one chunk record, decimal unless Gorilla is smaller. */
  private void writeDecimal(int from, int to) throws IOException {
    int n = to - from;
    XorEncoder gorilla = new XorEncoder();
    for (int i = from; i < to; i++) {
      gorilla.append(ts[i], vs[i]);
    }
    scratch.reset();
    scratch.putUvarint(n);
    tsBytes.reset();
    valueBytes.reset();
    decimal.writeTimestamps(ts, from, n, tsBytes);
    ByteKey key = new ByteKey(tsBytes.toByteArray());
    Long at = sharedTimestamps.get(key);
    decimal.writeValues(vs, from, n, valueBytes);
    if (valueBytes.size() + (at == null ? tsBytes.size() : 0) >= gorilla.byteCount()) {
      scratch.putByte(ENC_XOR).putUvarint(gorilla.byteCount());
      chunksOut.write(scratch.array(), 0, scratch.size());
      chunksOut.write(gorilla.array(), 0, gorilla.byteCount());
      chunksOffset += scratch.size() + gorilla.byteCount();
      return;
    }
    scratch.putByte(ENC_DECIMAL);
    if (at != null) {
      scratch.putUvarint(chunksOffset - at);
      chunksOut.write(scratch.array(), 0, scratch.size());
      chunksOffset += scratch.size();
    } else {
      scratch.putUvarint(0).putUvarint(tsBytes.size());
      chunksOut.write(scratch.array(), 0, scratch.size());
      chunksOffset += scratch.size();
      if (sharedTimestamps.size() >= MAX_SHARED_TIMESTAMPS) {
        sharedTimestamps.clear();
      }
      sharedTimestamps.put(key, chunksOffset);
      chunksOut.write(tsBytes.array(), 0, tsBytes.size());
      chunksOffset += tsBytes.size();
    }
    chunksOut.write(valueBytes.array(), 0, valueBytes.size());
    chunksOffset += valueBytes.size();
  }

  public int seriesCount() {
    return seriesLabels.size();
  }

  /** Writes the index and meta, moves the block into place and returns its meta. */
  public BlockMeta finish() throws IOException {
    chunksOut.close();
    fsync(tmp.resolve("chunks"));
    Map<String, Integer> symIds = new HashMap<>();
    ByteWriter w = new ByteWriter(1 << 16);
    w.putInt(MAGIC).putInt(format.version);
    long symbolsOff = w.size();
    List<String> order = new ArrayList<>(symbols.keySet());
    if (format == Format.GORILLA) {
      order.sort(null);
    } else {
      // Most used first, so label names and common values get one-byte ids in every series.
      order.sort(Comparator.comparingInt((String s) -> -symbols.get(s)[0])
          .thenComparing(Comparator.naturalOrder()));
    }
    w.putUvarint(order.size());
    int sid = 0;
    for (String s : order) {
      symIds.put(s, sid++);
      w.putString(s);
    }
    long seriesOff = w.size();
    long[] table = new long[seriesLabels.size()];
    Map<String, TreeMap<String, SeriesIds>> postings = new TreeMap<>();
    for (int i = 0; i < seriesLabels.size(); i++) {
      table[i] = w.size();
      Labels l = seriesLabels.get(i);
      w.putUvarint(l.size());
      for (int j = 0; j < l.size(); j++) {
        w.putUvarint(symIds.get(l.name(j))).putUvarint(symIds.get(l.value(j)));
        postings.computeIfAbsent(l.name(j), x -> new TreeMap<>())
            .computeIfAbsent(l.value(j), x -> new SeriesIds()).add(i);
      }
      long[] refs = seriesChunks.get(i);
      w.putUvarint(refs.length / 3);
      // Version 2 counts the first chunk's start from the block's; version 1 from 0.
      long prevMax = format == Format.GORILLA ? 0 : minTime;
      long prevRef = 0;
      for (int k = 0; k < refs.length; k += 3) {
        w.putVarint(refs[k] - prevMax).putUvarint(refs[k + 1] - refs[k])
            .putUvarint(refs[k + 2] - prevRef);
        prevMax = refs[k + 1];
        prevRef = refs[k + 2];
      }
    }
    long postingsOff = w.size();
    w.putUvarint(postings.size());
    for (var byName : postings.entrySet()) {
      w.putUvarint(symIds.get(byName.getKey())).putUvarint(byName.getValue().size());
      for (var byValue : byName.getValue().entrySet()) {
        SeriesIds ids = byValue.getValue();
        w.putUvarint(symIds.get(byValue.getKey())).putUvarint(ids.n);
        int prev = 0;
        for (int k = 0; k < ids.n; k++) {
          w.putUvarint(ids.ids[k] - prev);
          prev = ids.ids[k];
        }
      }
    }
    long tableOff = w.size();
    for (long off : table) {
      if (format == Format.GORILLA) {
        w.putLong(off);
      } else {
        w.putInt((int) off);
      }
    }
    w.putLong(symbolsOff).putLong(seriesOff).putLong(postingsOff).putLong(tableOff)
        .putInt(table.length).putInt(MAGIC);
    Path index = tmp.resolve("index");
    try (OutputStream out = Files.newOutputStream(index)) {
      out.write(w.array(), 0, w.size());
    }
    fsync(index);
    BlockMeta meta = new BlockMeta(id, minTime, maxTime, seriesLabels.size(), numChunks,
        numSamples, level, parents);
    Path metaFile = tmp.resolve("meta.json");
    Files.write(metaFile, meta.toJson().getBytes(StandardCharsets.UTF_8));
    fsync(metaFile);
    Files.move(tmp, parent.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    return meta;
  }

  /**
   * The series of one postings list, in the order they were added (ascending). All lists stay
   * live until the index is written; boxed lists held ~20 B per series and label there, about
   * 200 MB for a block of a million series with ten labels each, against 4 B here.
   */
  private static final class SeriesIds {
    int[] ids = new int[4];
    int n;

    void add(int id) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n + (n >> 1));
      }
      ids[n++] = id;
    }
  }

  /** Removes the unfinished directory. */
  public void abort() {
    try {
      chunksOut.close();
      deleteRecursively(tmp);
    } catch (IOException e) {
      // Left-over .tmp directories are removed on the next open.
    }
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void fsync(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }
}
