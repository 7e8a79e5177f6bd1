package io.bongsu.metrics.tsdb.block;

import io.bongsu.common.codec.ByteWriter;
import io.bongsu.common.labels.Labels;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes one immutable block directory: {@code chunks} (each chunk: varint sample count, varint
 * byte length, Gorilla bytes), {@code index} (symbols, series with chunk references, postings,
 * a table of series offsets and a fixed footer) and {@code meta.json}. Series must be added in
 * label order. The directory appears under its final name only when complete.
 */
public final class BlockBuilder {
  static final int MAGIC = 0x42534958; // "BSIX"
  static final int VERSION = 1;

  /** A finished chunk to store. */
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
  private final TreeSet<String> symbols = new TreeSet<>();
  private long numChunks;
  private long numSamples;
  private Labels last;
  private final ByteWriter scratch = new ByteWriter(32);

  public BlockBuilder(Path parentDir, long minTime, long maxTime, int level, List<String> parents)
      throws IOException {
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
    labels.forEach((n, v) -> {
      symbols.add(n);
      symbols.add(v);
    });
    seriesLabels.add(labels);
    seriesChunks.add(refs);
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
    w.putInt(MAGIC).putInt(VERSION);
    long symbolsOff = w.size();
    w.putUvarint(symbols.size());
    int sid = 0;
    for (String s : symbols) {
      symIds.put(s, sid++);
      w.putString(s);
    }
    long seriesOff = w.size();
    long[] table = new long[seriesLabels.size()];
    Map<String, TreeMap<String, List<Integer>>> postings = new TreeMap<>();
    for (int i = 0; i < seriesLabels.size(); i++) {
      table[i] = w.size();
      Labels l = seriesLabels.get(i);
      w.putUvarint(l.size());
      for (int j = 0; j < l.size(); j++) {
        w.putUvarint(symIds.get(l.name(j))).putUvarint(symIds.get(l.value(j)));
        postings.computeIfAbsent(l.name(j), x -> new TreeMap<>())
            .computeIfAbsent(l.value(j), x -> new ArrayList<>()).add(i);
      }
      long[] refs = seriesChunks.get(i);
      w.putUvarint(refs.length / 3);
      long prevMax = 0;
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
        List<Integer> ids = byValue.getValue();
        w.putUvarint(symIds.get(byValue.getKey())).putUvarint(ids.size());
        int prev = 0;
        for (int id : ids) {
          w.putUvarint(id - prev);
          prev = id;
        }
      }
    }
    long tableOff = w.size();
    for (long off : table) {
      w.putLong(off);
    }
    w.putLong(symbolsOff).putLong(seriesOff).putLong(postingsOff).putLong(tableOff)
        .putInt(table.length).putInt(MAGIC);
    Path index = tmp.resolve("index");
    Files.write(index, w.toByteArray());
    fsync(index);
    BlockMeta meta = new BlockMeta(id, minTime, maxTime, seriesLabels.size(), numChunks,
        numSamples, level, parents);
    Path metaFile = tmp.resolve("meta.json");
    Files.write(metaFile, meta.toJson().getBytes(StandardCharsets.UTF_8));
    fsync(metaFile);
    Files.move(tmp, parent.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    return meta;
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
