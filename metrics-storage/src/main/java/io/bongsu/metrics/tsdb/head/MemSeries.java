package io.bongsu.metrics.tsdb.head;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.SampleRejectedException.Reason;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.query.ArrayChunkRef;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import io.bongsu.metrics.tsdb.query.SeriesChunks;
import io.bongsu.metrics.tsdb.query.XorChunkRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One series in the head: finished Gorilla chunks, the chunk being written and, when an
 * out-of-order window is set, a small sorted buffer of late samples. Guarded by its own monitor.
 */
public final class MemSeries {
  /** Outcomes of {@link #checkPending}. */
  public static final int SKIP = 0;
  public static final int KEEP = 1;
  public static final int KEEP_AND_HOLD = 2;
  private static final XorChunkRef[] NO_CHUNKS = new XorChunkRef[0];

  public final int ref;
  public final Labels labels;
  private XorChunkRef[] done = NO_CHUNKS;
  private int doneCount;
  private XorEncoder open;
  private long openMinT;
  private long maxT = Long.MIN_VALUE;
  /** Late samples, null while there are none (most series never have any). */
  private Ooo ooo;
  /** Pending (appended, not yet committed) state of the appender that touched it last. */
  private Object pendingOwner;
  /** Appender touches not yet released; the head keeps the series while above zero. */
  private int pendingHolds;
  private long pendingT = Long.MIN_VALUE;
  private double pendingV;
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

  public boolean isLogged() {
    return logged;
  }

  public void setLogged(boolean logged) {
    this.logged = logged;
  }

  /**
   * Validates a sample an appender is about to buffer against the committed samples and the
   * appender's own pending ones, and marks the series as pending so it is not collected.
   *
   * @return {@link #SKIP} when it repeats the latest sample exactly (nothing to store),
   *     {@link #KEEP} to buffer it, or {@link #KEEP_AND_HOLD} to buffer it and call
   *     {@link #releasePending} once after commit or rollback
   * @throws IllegalStateException when the head has just dropped this series (look it up again)
   * @throws SampleRejectedException when out of order beyond the window or a conflicting
   *     duplicate
   */
  public synchronized int checkPending(Object owner, long t, double v, long oooWindow) {
    if (removed) {
      throw new IllegalStateException("series was dropped from the head");
    }
    long last = maxT;
    long lastBits = open == null ? 0 : Double.doubleToRawLongBits(open.lastValue());
    boolean haveLast = open != null;
    if (pendingOwner == owner && pendingT > last) {
      last = pendingT;
      lastBits = Double.doubleToRawLongBits(pendingV);
      haveLast = true;
    }
    if (t == last && haveLast) {
      if (Double.doubleToRawLongBits(v) == lastBits) {
        return SKIP;
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
        return SKIP;
      }
      if (existing.isPresent()) {
        throw new SampleRejectedException(Reason.DUPLICATE_TIMESTAMP,
            "duplicate sample for timestamp " + t + " with a different value for " + labels);
      }
    }
    int result = KEEP;
    if (pendingOwner != owner) {
      pendingOwner = owner;
      pendingT = Long.MIN_VALUE;
      pendingHolds++;
      result = KEEP_AND_HOLD;
    }
    if (t > pendingT) {
      pendingT = t;
      pendingV = v;
    }
    return result;
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
    for (int i = 0; i < doneCount && holder == null; i++) {
      if (done[i].minT <= t && t <= done[i].maxT) {
        holder = done[i];
      }
    }
    if (holder == null && open != null && openMinT <= t && t <= maxT) {
      holder = new XorChunkRef(openMinT, maxT, open.array(), open.byteCount(), open.count());
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
  public synchronized void releasePending(Object owner) {
    pendingHolds--;
    if (pendingOwner == owner) {
      pendingOwner = null;
      pendingT = Long.MIN_VALUE;
    }
  }

  /**
   * Stores a committed sample. In-order samples go to the open chunk (cut at {@code
   * XorEncoder.TARGET_SAMPLES} or where t enters a new block range); older ones go to the
   * out-of-order buffer when within the window.
   *
   * @return 1 when stored, 0 when an identical sample was already there, -1 when rejected
   *     (conflicting, out of order, or older than {@code minValid}, the start of the head)
   */
  public synchronized int add(long t, double v, long blockRange, long oooWindow, long minValid) {
    if (t < minValid) {
      return -1;
    }
    if (t > maxT) {
      if (open == null || open.count() >= XorEncoder.TARGET_SAMPLES
          || Math.floorDiv(t, blockRange) != Math.floorDiv(openMinT, blockRange)) {
        finishOpen();
        open = new XorEncoder();
        openMinT = t;
      }
      open.append(t, v);
      maxT = t;
      return 1;
    }
    if (t == maxT && open != null) {
      return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(open.lastValue()) ? 0 : -1;
    }
    if (oooWindow > 0 && t >= maxT - oooWindow) {
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
    if (open == null) {
      return;
    }
    if (doneCount == done.length) {
      // Most series hold one or two finished chunks before the head is cut into a block.
      done = Arrays.copyOf(done, Math.max(2, doneCount * 2));
    }
    done[doneCount++] = new XorChunkRef(openMinT, open.lastTimestamp(), open.toByteArray(),
        open.byteCount(), open.count());
    open = null;
  }

  /**
   * Adds chunks overlapping [mint, maxt] to {@code out}: in-order chunks first so they win over
   * out-of-order samples at equal timestamps. The open chunk is shared, not copied: a reader
   * decodes only the samples it held at this moment.
   */
  public synchronized void snapshot(List<ChunkRef> out, long mint, long maxt) {
    for (int i = 0; i < doneCount; i++) {
      if (done[i].overlaps(mint, maxt)) {
        out.add(done[i]);
      }
    }
    if (open != null && openMinT <= maxt && maxT >= mint) {
      out.add(new XorChunkRef(openMinT, maxT, open.array(), open.byteCount(), open.count()));
    }
    if (ooo != null && ooo.t[0] <= maxt && ooo.t[ooo.n - 1] >= mint) {
      out.add(new ArrayChunkRef(Arrays.copyOf(ooo.t, ooo.n), Arrays.copyOf(ooo.v, ooo.n), ooo.n));
    }
  }

  /** Whether the series holds any sample. */
  synchronized boolean isEmpty() {
    return doneCount == 0 && open == null && ooo == null;
  }

  synchronized long minTime() {
    long min = Long.MAX_VALUE;
    if (doneCount > 0) {
      min = done[0].minT;
    } else if (open != null) {
      min = openMinT;
    }
    if (ooo != null) {
      min = Math.min(min, ooo.t[0]);
    }
    return min;
  }

  public synchronized int chunkCount() {
    return doneCount + (open == null ? 0 : 1);
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
        out.add(new BlockBuilder.Chunk(x.minT, x.maxT, x.count, x.data, x.byteLength));
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
    int keep = 0;
    for (int i = 0; i < doneCount; i++) {
      if (done[i].maxT >= end) {
        done[keep++] = done[i];
      }
    }
    Arrays.fill(done, keep, doneCount, null);
    doneCount = keep;
    if (doneCount > 0 && done[0].minT < end) {
      List<BlockBuilder.Chunk> rest = suffix(done[0], end);
      done[0] = new XorChunkRef(rest.get(0).minT(), rest.get(0).maxT(),
          Arrays.copyOf(rest.get(0).data(), rest.get(0).length()), rest.get(0).length(),
          rest.get(0).count());
    }
    if (open != null && maxT < end) {
      open = null;
    } else if (open != null && openMinT < end) {
      XorEncoder kept = new XorEncoder();
      SampleIterator it = new XorChunkRef(openMinT, maxT, open.array(), open.byteCount(),
          open.count()).iterator();
      if (it.seek(end)) {
        openMinT = it.timestamp();
        do {
          kept.append(it.timestamp(), it.value());
        } while (it.next());
      }
      open = kept;
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
    removed = isEmpty() && pendingHolds == 0;
    return removed;
  }
}
