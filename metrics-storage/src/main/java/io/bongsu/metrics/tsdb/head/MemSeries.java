package io.bongsu.metrics.tsdb.head;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.SampleRejectedException.Reason;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.chunk.XorChunkState;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.query.ArrayChunkRef;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import io.bongsu.metrics.tsdb.query.SeriesChunks;
import io.bongsu.metrics.tsdb.query.XorChunkRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One series in the head: finished Gorilla chunks, the chunk being written and, when an
 * out-of-order window is set, a small sorted buffer of late samples. Guarded by its own monitor.
 *
 * <p>The open chunk's encoder state is this object's own fields (inherited from {@link
 * XorChunkState}) and the finished chunks are one array of records, so a series costs three
 * objects besides its labels (itself, the open chunk's bytes, the finished chunks' bytes) and an
 * append reaches its bytes through one reference. Both arrays are shared with readers: finished
 * records are replaced as a whole, never changed, and the open chunk is only appended to.
 */
public final class MemSeries extends XorChunkState {
  /** A finished chunk's record: minT, maxT (8 bytes each), samples, byte length (2 each). */
  private static final int HEADER = 20;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  public final int ref;
  public final Labels labels;
  /**
   * Finished chunks, oldest first: records of {@link #HEADER} then the Gorilla bytes, in an array
   * of exactly their size (null when none). Copied whole when a chunk is added; a series holds a
   * few chunks until the head is cut, so that costs less than an object and an array per chunk.
   */
  private byte[] done;
  /** Late samples, null while there are none (most series never have any). */
  private Ooo ooo;
  /**
   * Appenders holding samples for it, not yet committed or rolled back; the head keeps the series
   * while above zero. The samples themselves stay in the appenders.
   */
  private int holds;
  /** Whether a series record for it is in the WAL (guarded by the WAL lock, not the monitor). */
  private boolean logged;
  /** Set when the head dropped the series; appenders must look it up again. */
  private boolean removed;

  /** Sorted out-of-order samples: one field in the series instead of three. */
  private static final class Ooo {
    long[] t = new long[4];
    double[] v = new double[4];
    int n;
  }

  MemSeries(int ref, Labels labels) {
    this.ref = ref;
    this.labels = labels;
  }

  private static long minT(byte[] d, int at) {
    return (long) LONG.get(d, at);
  }

  private static long maxT(byte[] d, int at) {
    return (long) LONG.get(d, at + 8);
  }

  private static int samples(byte[] d, int at) {
    return (short) SHORT.get(d, at + 16) & 0xFFFF;
  }

  private static int length(byte[] d, int at) {
    return (short) SHORT.get(d, at + 18) & 0xFFFF;
  }

  private static int next(byte[] d, int at) {
    return at + HEADER + length(d, at);
  }

  private static XorChunkRef doneRef(byte[] d, int at) {
    return new XorChunkRef(minT(d, at), maxT(d, at), d, at + HEADER, length(d, at),
        samples(d, at));
  }

  private XorChunkRef openRef() {
    return new XorChunkRef(chunkMinT(), lastT(), chunkBytes(), 0, chunkByteCount(),
        chunkSamples());
  }

  /** Appends a finished chunk's record to {@code d} (null for none), in a new array. */
  private static byte[] withChunk(byte[] d, long minT, long maxT, int samples, byte[] data,
      int off, int len) {
    int at = d == null ? 0 : d.length;
    byte[] out = d == null ? new byte[HEADER + len] : Arrays.copyOf(d, at + HEADER + len);
    LONG.set(out, at, minT);
    LONG.set(out, at + 8, maxT);
    SHORT.set(out, at + 16, (short) samples);
    SHORT.set(out, at + 18, (short) len);
    System.arraycopy(data, off, out, at + HEADER, len);
    return out;
  }

  public boolean isLogged() {
    return logged;
  }

  public void setLogged(boolean logged) {
    this.logged = logged;
  }

  /**
   * Validates a sample an appender is about to buffer against the committed samples and the
   * latest sample the appender already holds for this series, and takes the appender's hold on
   * the series (so head truncation keeps it) when it is the appender's first for the series.
   *
   * @param pendingT the appender's latest pending timestamp here, {@code Long.MIN_VALUE} if none
   * @param pendingBits raw value bits of that sample
   * @param hold whether to take a hold when the sample is kept; {@link #release} it once after
   *     commit or rollback
   * @return false when it repeats the latest sample exactly (nothing to store, no hold taken),
   *     true to buffer it
   * @throws IllegalStateException when the head has just dropped this series (look it up again)
   * @throws SampleRejectedException when out of order beyond the window or a conflicting
   *     duplicate
   */
  public synchronized boolean checkPending(long t, double v, long oooWindow, long pendingT,
      long pendingBits, boolean hold) {
    if (removed) {
      throw new IllegalStateException("series was dropped from the head");
    }
    long last = lastT();
    long lastBits = lastValueBits();
    boolean haveLast = chunkOpen();
    if (pendingT > last) {
      last = pendingT;
      lastBits = pendingBits;
      haveLast = true;
    }
    if (t == last && haveLast) {
      if (Double.doubleToRawLongBits(v) == lastBits) {
        return false;
      }
      throw new SampleRejectedException(Reason.DUPLICATE_TIMESTAMP,
          "duplicate sample for timestamp " + t + " with a different value for " + labels);
    }
    if (t <= last && (oooWindow == 0 || t < last - oooWindow)) {
      throw new SampleRejectedException(Reason.OUT_OF_ORDER,
          "out of order sample at " + t + ", series has " + last + ": " + labels);
    }
    if (t < last) {
      OptionalLong existing = storedBits(t);
      if (existing.isPresent() && existing.getAsLong() == Double.doubleToRawLongBits(v)) {
        return false;
      }
      if (existing.isPresent()) {
        throw new SampleRejectedException(Reason.DUPLICATE_TIMESTAMP,
            "duplicate sample for timestamp " + t + " with a different value for " + labels);
      }
    }
    if (hold) {
      holds++;
    }
    return true;
  }

  /** Raw value bits of the stored sample at t, if any. Decodes at most one chunk. */
  private OptionalLong storedBits(long t) {
    if (ooo != null) {
      int i = Arrays.binarySearch(ooo.t, 0, ooo.n, t);
      if (i >= 0) {
        return OptionalLong.of(Double.doubleToRawLongBits(ooo.v[i]));
      }
    }
    ChunkRef holder = null;
    byte[] d = done;
    for (int at = 0; d != null && at < d.length && holder == null; at = next(d, at)) {
      if (minT(d, at) <= t && t <= maxT(d, at)) {
        holder = doneRef(d, at);
      }
    }
    if (holder == null && chunkOpen() && chunkMinT() <= t && t <= lastT()) {
      holder = openRef();
    }
    if (holder != null) {
      SampleIterator it = holder.iterator();
      if (it.seek(t) && it.timestamp() == t) {
        return OptionalLong.of(Double.doubleToRawLongBits(it.value()));
      }
    }
    return OptionalLong.empty();
  }

  /** Releases one hold taken by {@link #checkPending}, after the appender's commit or rollback. */
  public synchronized void release() {
    holds--;
  }

  /**
   * Stores a committed sample. In-order samples go to the open chunk (cut at {@link
   * #TARGET_SAMPLES} or where t enters a new block range); older ones go to the
   * out-of-order buffer when within the window.
   *
   * @return 1 when stored, 0 when an identical sample was already there, -1 when rejected
   *     (conflicting, out of order, or older than {@code minValid}, the start of the head)
   */
  public synchronized int add(long t, double v, long blockRange, long oooWindow, long minValid) {
    return addUnlocked(t, v, blockRange, oooWindow, minValid);
  }

  /**
   * {@link #add} without the monitor, for WAL replay: one thread applies every sample and nothing
   * else touches the head until replay ends, which publishes the state (the applier is joined).
   * Taking the monitor is two atomic operations on a line that is usually not in cache; without
   * them the processor overlaps the cache misses of consecutive samples' series.
   */
  public int addReplayed(long t, double v, long blockRange, long oooWindow, long minValid) {
    return addUnlocked(t, v, blockRange, oooWindow, minValid);
  }

  private int addUnlocked(long t, double v, long blockRange, long oooWindow, long minValid) {
    if (t < minValid) {
      return -1;
    }
    long last = lastT();
    if (t > last) {
      if (!chunkOpen() || chunkSamples() >= TARGET_SAMPLES
          || Math.floorDiv(t, blockRange) != Math.floorDiv(chunkMinT(), blockRange)) {
        // A series' next chunk is about as dense as its last one, when that one had enough
        // samples for its first (a full timestamp and value) not to dominate.
        int expected = chunkOpen() && chunkSamples() >= TARGET_SAMPLES / 4
            ? projectedBytes(chunkByteCount(), chunkSamples()) : 0;
        finishOpen();
        openChunk(expected);
      }
      appendToChunk(t, v);
      return 1;
    }
    if (t == last && chunkOpen()) {
      return Double.doubleToRawLongBits(v) == lastValueBits() ? 0 : -1;
    }
    if (oooWindow > 0 && t >= last - oooWindow) {
      return insertOoo(t, v);
    }
    return -1;
  }

  private int insertOoo(long t, double v) {
    Ooo o = ooo == null ? new Ooo() : ooo;
    int i = Arrays.binarySearch(o.t, 0, o.n, t);
    if (i >= 0) {
      return Double.doubleToRawLongBits(o.v[i]) == Double.doubleToRawLongBits(v) ? 0 : -1;
    }
    i = -i - 1;
    if (o.n == o.t.length) {
      o.t = Arrays.copyOf(o.t, o.n * 2);
      o.v = Arrays.copyOf(o.v, o.n * 2);
    }
    System.arraycopy(o.t, i, o.t, i + 1, o.n - i);
    System.arraycopy(o.v, i, o.v, i + 1, o.n - i);
    o.t[i] = t;
    o.v[i] = v;
    o.n++;
    ooo = o;
    return 1;
  }

  private void finishOpen() {
    if (!chunkOpen()) {
      return;
    }
    done = withChunk(done, chunkMinT(), lastT(), chunkSamples(), chunkBytes(), 0,
        chunkByteCount());
    closeChunk();
  }

  /**
   * Adds chunks overlapping [mint, maxt] to {@code out}: in-order chunks first so they win over
   * out-of-order samples at equal timestamps. The open chunk is shared, not copied: a reader
   * decodes only the samples it held at this moment.
   */
  public synchronized void snapshot(List<ChunkRef> out, long mint, long maxt) {
    byte[] d = done;
    for (int at = 0; d != null && at < d.length; at = next(d, at)) {
      if (minT(d, at) <= maxt && maxT(d, at) >= mint) {
        out.add(doneRef(d, at));
      }
    }
    if (chunkOpen() && chunkMinT() <= maxt && lastT() >= mint) {
      out.add(openRef());
    }
    if (ooo != null && ooo.t[0] <= maxt && ooo.t[ooo.n - 1] >= mint) {
      out.add(new ArrayChunkRef(Arrays.copyOf(ooo.t, ooo.n), Arrays.copyOf(ooo.v, ooo.n), ooo.n));
    }
  }

  /** Whether the series holds any sample. */
  synchronized boolean isEmpty() {
    return done == null && !chunkOpen() && ooo == null;
  }

  synchronized long minTime() {
    long min = Long.MAX_VALUE;
    if (done != null) {
      min = minT(done, 0);
    } else if (chunkOpen()) {
      min = chunkMinT();
    }
    if (ooo != null) {
      min = Math.min(min, ooo.t[0]);
    }
    return min;
  }

  public synchronized int chunkCount() {
    int n = chunkOpen() ? 1 : 0;
    for (int at = 0; done != null && at < done.length; at = next(done, at)) {
      n++;
    }
    return n;
  }

  /**
   * The samples before {@code end} as block chunks. Chunks never straddle a block boundary, so
   * usually the head's own bytes are reused; late samples, or an {@code end} inside a chunk (a
   * flush of the whole head), make it re-encode the range.
   */
  public synchronized List<BlockBuilder.Chunk> chunksBefore(long end) {
    List<ChunkRef> refs = new ArrayList<>();
    snapshot(refs, Long.MIN_VALUE, end - 1);
    List<BlockBuilder.Chunk> out = new ArrayList<>();
    boolean reuse = true;
    for (ChunkRef r : refs) {
      reuse &= r instanceof XorChunkRef && r.maxT < end;
    }
    if (reuse) {
      for (ChunkRef r : refs) {
        XorChunkRef x = (XorChunkRef) r;
        byte[] bytes = Arrays.copyOfRange(x.data, x.offset, x.offset + x.byteLength);
        out.add(new BlockBuilder.Chunk(x.minT, x.maxT, x.count, bytes, x.byteLength));
      }
      return out;
    }
    SampleIterator it = new SeriesChunks(labels, refs, Long.MIN_VALUE, end - 1).iterator();
    return encode(it);
  }

  private static List<BlockBuilder.Chunk> suffix(ChunkRef c, long from) {
    SampleIterator it = c.iterator();
    List<BlockBuilder.Chunk> out = new ArrayList<>();
    if (it.seek(from)) {
      XorEncoder enc = new XorEncoder();
      long min = it.timestamp();
      do {
        enc.append(it.timestamp(), it.value());
      } while (it.next());
      out.add(new BlockBuilder.Chunk(min, enc.lastTimestamp(), enc.count(), enc.array(),
          enc.byteCount()));
    }
    return out;
  }

  /** Re-encodes a sample stream into chunks of the target size. */
  public static List<BlockBuilder.Chunk> encode(SampleIterator it) {
    List<BlockBuilder.Chunk> out = new ArrayList<>();
    XorEncoder enc = null;
    long min = 0;
    while (it.next()) {
      if (enc == null) {
        enc = new XorEncoder();
        min = it.timestamp();
      }
      enc.append(it.timestamp(), it.value());
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

  public synchronized boolean isRemoved() {
    return removed;
  }

  /**
   * Drops everything before {@code end}; when nothing is left and no appender holds samples for
   * it, marks the series removed and returns true.
   */
  synchronized boolean truncateBefore(long end) {
    byte[] d = done;
    byte[] kept = null;
    for (int at = 0; d != null && at < d.length; at = next(d, at)) {
      if (maxT(d, at) < end) {
        continue;
      }
      if (minT(d, at) < end) {
        BlockBuilder.Chunk rest = suffix(doneRef(d, at), end).get(0);
        kept = withChunk(kept, rest.minT(), rest.maxT(), rest.count(), rest.data(), 0,
            rest.length());
      } else {
        kept = withChunk(kept, minT(d, at), maxT(d, at), samples(d, at), d, at + HEADER,
            length(d, at));
      }
    }
    done = kept;
    if (chunkOpen() && lastT() < end) {
      closeChunk();
    } else if (chunkOpen() && chunkMinT() < end) {
      SampleIterator it = openRef().iterator();
      openChunk();
      if (it.seek(end)) {
        do {
          appendToChunk(it.timestamp(), it.value());
        } while (it.next());
      }
    }
    if (ooo != null) {
      Ooo o = ooo;
      int from = 0;
      while (from < o.n && o.t[from] < end) {
        from++;
      }
      System.arraycopy(o.t, from, o.t, 0, o.n - from);
      System.arraycopy(o.v, from, o.v, 0, o.n - from);
      o.n -= from;
      if (o.n == 0) {
        ooo = null;
      }
    }
    removed = isEmpty() && holds == 0;
    return removed;
  }
}
