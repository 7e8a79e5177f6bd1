package io.bongsu.metrics.tsdb.block;

import io.bongsu.common.codec.CorruptDataException;
import io.bongsu.common.codec.Varint;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.tsdb.chunk.DecimalIterator;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.chunk.XorIterator;
import io.bongsu.metrics.tsdb.index.PostingsReader;
import io.bongsu.metrics.tsdb.index.Postings;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a block written by {@link BlockBuilder} through memory maps. Series ids are ordinals in
 * label order, so ids sorted ascending give series sorted by labels. Thread-safe.
 */
public final class BlockReader implements PostingsReader {
  private final Path dir;
  private final BlockMeta meta;
  private final ByteBuffer index;
  private final ByteBuffer chunks;
  private final String[] symbols;
  private final long tableOff;
  private final int numSeries;
  private final Map<String, ValueOffsets> postings = new HashMap<>();
  private final long bytes;
  private final BlockBuilder.Format format;

  private record ValueOffsets(String[] values, int[] offsets) {}

  public BlockReader(Path dir) throws IOException {
    this.dir = dir;
    this.meta = BlockMeta.parse(Files.readString(dir.resolve("meta.json"), StandardCharsets.UTF_8));
    this.index = map(dir.resolve("index"));
    this.chunks = map(dir.resolve("chunks"));
    this.bytes = Files.size(dir.resolve("index")) + Files.size(dir.resolve("chunks"))
        + Files.size(dir.resolve("meta.json"));
    try {
      int end = index.capacity();
      if (end < 48 || index.getInt(end - 4) != BlockBuilder.MAGIC
          || index.getInt(0) != BlockBuilder.MAGIC) {
        throw new CorruptDataException("not a block index");
      }
      format = BlockBuilder.Format.ofVersion(index.getInt(4));
      long symbolsOff = index.getLong(end - 40);
      long postingsOff = index.getLong(end - 24);
      tableOff = index.getLong(end - 16);
      numSeries = index.getInt(end - 8);
      ByteBuffer b = index.duplicate().position((int) symbolsOff);
      int n = Varint.getUvarintInt(b);
      symbols = new String[n];
      for (int i = 0; i < n; i++) {
        symbols[i] = Varint.getString(b);
      }
      b.position((int) postingsOff);
      int names = Varint.getUvarintInt(b);
      for (int i = 0; i < names; i++) {
        String name = symbol(Varint.getUvarintInt(b));
        int nv = Varint.getUvarintInt(b);
        String[] values = new String[nv];
        int[] offsets = new int[nv];
        for (int j = 0; j < nv; j++) {
          values[j] = symbol(Varint.getUvarintInt(b));
          offsets[j] = b.position();
          int count = Varint.getUvarintInt(b);
          for (int k = 0; k < count; k++) {
            Varint.getUvarint(b);
          }
        }
        postings.put(name, new ValueOffsets(values, offsets));
      }
    } catch (RuntimeException e) {
      throw new IOException("block " + dir.getFileName() + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static ByteBuffer map(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw new IOException(file + " is larger than 2 GB, which this block format cannot map");
      }
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return m;
    }
  }

  private String symbol(int id) {
    if (id < 0 || id >= symbols.length) {
      throw new CorruptDataException("symbol " + id + " out of range");
    }
    return symbols[id];
  }

  public BlockMeta meta() {
    return meta;
  }

  public Path dir() {
    return dir;
  }

  public long diskBytes() {
    return bytes;
  }

  public BlockBuilder.Format format() {
    return format;
  }

  /** Bytes of the {@code chunks} file. */
  public long chunkBytes() {
    return chunks.capacity();
  }

  /** Bytes of the {@code index} file. */
  public long indexBytes() {
    return index.capacity();
  }

  public int numSeries() {
    return numSeries;
  }

  @Override
  public int[] all() {
    int[] ids = new int[numSeries];
    for (int i = 0; i < numSeries; i++) {
      ids[i] = i;
    }
    return ids;
  }

  @Override
  public String[] values(String name) {
    ValueOffsets vo = postings.get(name);
    return vo == null ? new String[0] : vo.values;
  }

  /** Sorted label names present in the block. */
  public List<String> names() {
    List<String> out = new ArrayList<>(postings.keySet());
    out.sort(null);
    return out;
  }

  @Override
  public int[] postings(String name, String value) {
    ValueOffsets vo = postings.get(name);
    if (vo == null) {
      return Postings.EMPTY;
    }
    int i = Arrays.binarySearch(vo.values, value);
    if (i < 0) {
      return Postings.EMPTY;
    }
    ByteBuffer b = index.duplicate().position(vo.offsets[i]);
    int n = Varint.getUvarintInt(b);
    int[] ids = new int[n];
    int prev = 0;
    for (int k = 0; k < n; k++) {
      prev += (int) Varint.getUvarint(b);
      ids[k] = prev;
    }
    return ids;
  }

  /** The labels of series {@code id}, and its chunks when {@code chunksOut} is not null. */
  public Labels series(int id, List<ChunkRef> chunksOut) {
    if (id < 0 || id >= numSeries) {
      throw new IllegalArgumentException("no series " + id);
    }
    long off = format == BlockBuilder.Format.GORILLA ? index.getLong((int) tableOff + 8 * id)
        : index.getInt((int) tableOff + 4 * id);
    ByteBuffer b = index.duplicate().position((int) off);
    int nl = Varint.getUvarintInt(b);
    String[] pairs = new String[nl * 2];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = symbol(Varint.getUvarintInt(b));
    }
    if (chunksOut != null) {
      int nc = Varint.getUvarintInt(b);
      long prevMax = format == BlockBuilder.Format.GORILLA ? 0 : meta.minTime();
      long prevRef = 0;
      for (int i = 0; i < nc; i++) {
        long minT = prevMax + Varint.getVarint(b);
        long maxT = minT + Varint.getUvarint(b);
        long ref = prevRef + Varint.getUvarint(b);
        chunksOut.add(new MappedChunk(minT, maxT, (int) ref));
        prevMax = maxT;
        prevRef = ref;
      }
    }
    return Labels.of(pairs);
  }

  /**
   * The chunk as Gorilla bytes for writing it into another block: copied when it is stored as
   * Gorilla, re-encoded otherwise.
   */
  public static BlockBuilder.Chunk toChunk(ChunkRef ref) {
    if (ref instanceof MappedChunk m) {
      BlockBuilder.Chunk c = m.gorilla();
      if (c != null) {
        return c;
      }
    }
    XorEncoder enc = new XorEncoder();
    SampleIterator it = ref.iterator();
    while (it.next()) {
      enc.append(it.timestamp(), it.value());
    }
    return new BlockBuilder.Chunk(ref.minT, ref.maxT, enc.count(), enc.array(), enc.byteCount());
  }

  private final class MappedChunk extends ChunkRef {
    private final int offset;

    MappedChunk(long minT, long maxT, int offset) {
      super(minT, maxT);
      this.offset = offset;
    }

    /** The stored Gorilla chunk, or null when this chunk is stored otherwise. */
    BlockBuilder.Chunk gorilla() {
      ByteBuffer b = chunks.duplicate().position(offset);
      int count = Varint.getUvarintInt(b);
      if (format != BlockBuilder.Format.GORILLA && b.get() != BlockBuilder.ENC_XOR) {
        return null;
      }
      int len = Varint.getUvarintInt(b);
      if (len > b.remaining()) {
        throw new CorruptDataException("chunk at " + offset + " runs past the chunks file");
      }
      byte[] data = new byte[len];
      b.get(data);
      return new BlockBuilder.Chunk(minT, maxT, count, data, len);
    }

    @Override
    public SampleIterator iterator() {
      ByteBuffer b = chunks.duplicate().position(offset);
      int count = Varint.getUvarintInt(b);
      int enc = format == BlockBuilder.Format.GORILLA ? BlockBuilder.ENC_XOR : b.get();
      if (enc == BlockBuilder.ENC_DECIMAL) {
        long back = Varint.getUvarint(b);
        int tsPos;
        if (back == 0) {
          int tsLen = Varint.getUvarintInt(b);
          tsPos = b.position();
          if (tsLen > b.remaining()) {
            throw new CorruptDataException("chunk at " + offset + " runs past the chunks file");
          }
          b.position(tsPos + tsLen);
        } else {
          if (back > offset) {
            throw new CorruptDataException("chunk at " + offset + " shares timestamps before 0");
          }
          tsPos = (int) (offset - back);
        }
        return new DecimalIterator().reset(chunks, tsPos, b.position(), count);
      }
      if (enc != BlockBuilder.ENC_XOR) {
        throw new CorruptDataException("chunk at " + offset + " has unknown encoding " + enc);
      }
      BlockBuilder.Chunk c = gorilla();
      return new XorIterator(c.data(), c.length(), c.count());
    }
  }
}
