package io.bongsu.metrics.tsdb;

import io.bongsu.common.codec.CorruptDataException;
import io.bongsu.common.codec.Varint;
import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.common.wal.ReplayReport;
import io.bongsu.common.wal.WalBatch;
import io.bongsu.common.wal.WriteAheadLog;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.SampleRejectedException.Reason;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.Storage;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.block.BlockIds;
import io.bongsu.metrics.tsdb.block.BlockMeta;
import io.bongsu.metrics.tsdb.block.BlockReader;
import io.bongsu.metrics.tsdb.head.Head;
import io.bongsu.metrics.tsdb.head.MemSeries;
import io.bongsu.metrics.tsdb.index.Postings;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import io.bongsu.metrics.tsdb.query.SeriesChunks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded metrics TSDB: a WAL-backed in-memory head of Gorilla chunks with inverted
 * postings, cut into immutable memory-mapped blocks, compacted into larger ranges and deleted by
 * retention. Open with {@link #open}; thread-safe.
 */
public final class Tsdb implements Storage {
  private static final System.Logger LOG = System.getLogger(Tsdb.class.getName());
  private static final byte REC_SERIES = 1;
  private static final byte REC_SAMPLES = 2;
  private static final String MIN_VALID_FILE = "head_min_valid";
  private static final long MAX_FUTURE_MILLIS = 10 * 60_000L;

  private final Path dir;
  private final TsdbOptions options;
  private final Head head = new Head();
  private final WriteAheadLog wal;
  private final ReplayReport replayReport;
  /** Writers take it to swap blocks and truncate the head; readers to take a consistent view. */
  private final ReentrantReadWriteLock viewLock = new ReentrantReadWriteLock();
  private volatile List<BlockReader> blocks = List.of();
  private volatile long minValidTime = Long.MIN_VALUE;
  /** Serialises WAL writes with publishing, so replay order equals apply order. */
  private final Object walLock = new Object();
  private final WalBatch walBatch = new WalBatch();
  private final TreeMap<Integer, Long> segmentMaxTime = new TreeMap<>();
  private final Object maintenanceLock = new Object();
  private final LongAdder samplesAppended = new LongAdder();
  private final LongAdder samplesRejected = new LongAdder();
  private final ScheduledExecutorService maintenance;
  private final AtomicBoolean maintenanceQueued = new AtomicBoolean();
  private final FileChannel lockChannel;
  private final FileLock lock;
  private volatile boolean closed;

  private Tsdb(Path dir, TsdbOptions options) throws IOException {
    this.dir = dir;
    this.options = options;
    Files.createDirectories(dir);
    lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException inThisProcess) {
      l = null;
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException("TSDB directory " + dir + " is in use by another TSDB");
    }
    lock = l;
    WriteAheadLog opened = null;
    try {
      loadBlocks();
      Path mv = dir.resolve(MIN_VALID_FILE);
      if (Files.exists(mv)) {
        minValidTime = Long.parseLong(Files.readString(mv).trim());
      }
      opened = WriteAheadLog.open(dir.resolve("wal"), options.wal());
      wal = opened;
      replayReport = replay();
    } catch (IOException | RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      lock.release();
      lockChannel.close();
      throw e;
    }
    if (options.backgroundMaintenance()) {
      maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bongsu-tsdb-maintenance");
        t.setDaemon(true);
        return t;
      });
      maintenance.scheduleWithFixedDelay(this::maintainQuietly, 1, 1, TimeUnit.MINUTES);
      long syncEvery = options.wal().fsyncIntervalMillis();
      if (syncEvery > 0 && !options.wal().fsyncEveryCommit()) {
        // Commits sync at most this long after the previous one; this covers the last commit
        // before a quiet period.
        maintenance.scheduleWithFixedDelay(this::syncWalQuietly, syncEvery, syncEvery,
            TimeUnit.MILLISECONDS);
      }
    } else {
      maintenance = null;
    }
  }

  /** Opens (or creates) a TSDB in {@code dir}, replaying its WAL into the head. */
  public static Tsdb open(Path dir, TsdbOptions options) throws IOException {
    return new Tsdb(dir, options);
  }

  /** What the WAL replay at open found, including any torn tail it cut off. */
  public ReplayReport replayReport() {
    return replayReport;
  }

  private void loadBlocks() throws IOException {
    List<BlockReader> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p) && name.endsWith(".tmp")) {
          BlockBuilder.deleteRecursively(p);
        } else if (Files.isDirectory(p) && BlockIds.looksLikeId(name)
            && Files.exists(p.resolve("meta.json"))) {
          try {
            found.add(new BlockReader(p));
          } catch (IOException | RuntimeException e) {
            // One bad block must not keep the rest of the data offline; it stays on disk for
            // inspection and is not queried.
            LOG.log(System.Logger.Level.ERROR, "ignoring unreadable block {0}: {1}", p, e);
          }
        }
      }
    }
    Set<String> replaced = new HashSet<>();
    for (BlockReader b : found) {
      replaced.addAll(b.meta().parents());
    }
    List<BlockReader> live = new ArrayList<>();
    for (BlockReader b : found) {
      if (replaced.contains(b.meta().id())) {
        BlockBuilder.deleteRecursively(b.dir());
      } else {
        live.add(b);
      }
    }
    live.sort(Comparator.comparingLong((BlockReader b) -> b.meta().minTime()));
    blocks = List.copyOf(live);
  }

  // ---------------------------------------------------------------- WAL replay

  private ReplayReport replay() throws IOException {
    // WAL refs are dense ints; a series recreated after being dropped gets a new ref for the same
    // labels, so refs resolve through this table rather than the head's own ref index.
    MemSeries[][] refs = {new MemSeries[1024]};
    long window = options.outOfOrderWindowMillis();
    long range = options.blockRangeMillis();
    head.beginBulkLoad();
    try {
      return replayInto(refs, window, range);
    } finally {
      head.endBulkLoad();
    }
  }

  private ReplayReport replayInto(MemSeries[][] refs, long window, long range) throws IOException {
    ReplayDecoder in = new ReplayDecoder();
    SampleApplier applier = new SampleApplier(range, window);
    applier.start();
    ReplayReport report;
    try {
      report = wal.replay((segment, payload) -> {
        SampleBatch batch = null;
        try {
          int end = in.load(payload);
          byte type = in.buf[in.pos++];
          if (type == REC_SERIES) {
            int n = in.count();
            if (n > refs[0].length && n <= end) {
              // A checkpoint's record holds every live series: size the ref table once.
              refs[0] = Arrays.copyOf(refs[0], n + 1);
              head.ensureCapacity(n, n);
            }
            for (int i = 0; i < n; i++) {
              int ref = in.count();
              Labels labels = in.labels();
              if (in.pos > end) {
                throw new CorruptDataException("WAL series record runs past its end");
              }
              // The decoder takes every label string from the head's symbol table.
              MemSeries s = head.createWithRef(labels, ref, true);
              s.setLogged(true);
              if (ref >= refs[0].length) {
                refs[0] = Arrays.copyOf(refs[0], Math.max(ref + 1, refs[0].length * 2));
              }
              refs[0][ref] = s;
            }
          } else if (type == REC_SAMPLES) {
            int n = in.count();
            long base = Varint.unzigzag(in.uvarint());
            MemSeries[] table = refs[0];
            batch = applier.take(segment, Math.min(n, end));
            for (int i = 0; i < n; i++) {
              long ref = in.uvarint();
              long t = base + Varint.unzigzag(in.uvarint());
              long v = in.fixed64();
              if (in.pos > end) {
                throw new CorruptDataException("WAL samples record runs past its end");
              }
              MemSeries s = ref < table.length ? table[(int) ref] : null;
              if (s != null) {
                batch.add(s, t, v);
              }
            }
          } else {
            throw new CorruptDataException("unknown WAL record type " + type);
          }
          if (in.pos > end) {
            throw new CorruptDataException("WAL record runs past its end");
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING,
              "skipping undecodable WAL record in segment {0}: {1}", segment, e.toString());
        } finally {
          // Samples decoded before a fault still apply, as they did when applied while decoding.
          if (batch != null) {
            applier.submit(batch);
          }
        }
      });
    } finally {
      applier.finish();
    }
    if (report.truncated()) {
      LOG.log(System.Logger.Level.WARNING, "WAL replay cut damaged tails: {0}",
          report.corruptions());
    }
    return report;
  }

  /** Decoded samples of one WAL record, resolved to their series. */
  private static final class SampleBatch {
    int segment;
    int n;
    MemSeries[] series = new MemSeries[256];
    long[] times = new long[256];
    long[] values = new long[256];

    void reset(int segment, int capacity) {
      this.segment = segment;
      n = 0;
      if (capacity > series.length) {
        series = new MemSeries[capacity];
        times = new long[capacity];
        values = new long[capacity];
      }
    }

    void add(MemSeries s, long t, long v) {
      if (n == series.length) {
        series = Arrays.copyOf(series, n * 2);
        times = Arrays.copyOf(times, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      series[n] = s;
      times[n] = t;
      values[n] = v;
      n++;
    }
  }

  /**
   * Applies decoded samples on a second thread while the replaying thread decodes the next
   * records and creates series: chunk encoding is about half of replay. One applier takes the
   * batches in WAL order, so each series sees its samples in the order they were logged; a
   * series is created before the batch naming it is handed over (the queue orders the two).
   */
  private final class SampleApplier implements Runnable {
    private static final int BATCHES = 8;
    private final BlockingQueue<SampleBatch> full =
        new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<SampleBatch> free =
        new ArrayBlockingQueue<>(BATCHES);
    private final SampleBatch end = new SampleBatch();
    private final long range;
    private final long window;
    private final Thread thread;
    private volatile Throwable failure;

    SampleApplier(long range, long window) {
      this.range = range;
      this.window = window;
      for (int i = 0; i < BATCHES; i++) {
        free.add(new SampleBatch());
      }
      thread = new Thread(this, "bongsu-wal-replay-apply");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    SampleBatch take(int segment, int capacity) {
      SampleBatch b = uninterruptibly(free);
      b.reset(segment, capacity);
      return b;
    }

    void submit(SampleBatch b) {
      if (failure != null) {
        free.add(b);
        return;
      }
      putUninterruptibly(b);
    }

    /** Waits for every submitted batch to be applied; rethrows what the applier failed with. */
    void finish() {
      putUninterruptibly(end);
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable f = failure;
      if (f instanceof Error err) {
        throw err;
      }
      if (f != null) {
        throw new IllegalStateException("WAL replay failed applying samples", f);
      }
    }

    @Override
    public void run() {
      long minValid = minValidTime;
      while (true) {
        SampleBatch b = uninterruptibly(full);
        if (b == end) {
          return;
        }
        try {
          if (failure == null) {
            apply(b, minValid);
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "skipping WAL samples in segment {0}: {1}",
              b.segment, e.toString());
        } catch (Throwable t) {
          failure = t;
        } finally {
          Arrays.fill(b.series, 0, b.n, null);
          free.add(b);
        }
      }
    }

    private void apply(SampleBatch b, long minValid) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < b.n; i++) {
        long t = b.times[i];
        if (t >= minValid && b.series[i].addReplayed(t, Double.longBitsToDouble(b.values[i]),
            range, window, minValid) > 0) {
          min = Math.min(min, t);
          max = Math.max(max, t);
        }
      }
      if (max != Long.MIN_VALUE) {
        head.noteSample(min);
        head.noteSample(max);
        segmentMaxTime.merge(b.segment, max, Math::max);
      }
    }

    private void putUninterruptibly(SampleBatch b) {
      boolean interrupted = false;
      while (true) {
        try {
          full.put(b);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private SampleBatch uninterruptibly(BlockingQueue<SampleBatch> q) {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return q.take();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Decodes WAL records from a heap copy (cheaper per byte than a mapped buffer), and label
   * strings through a small cache of recent byte strings, so a name or value repeated across
   * series is decoded and interned once and the head can keep the label set as built.
   */
  private final class ReplayDecoder {
    private static final int SLOTS = 1 << 16;
    /** Zeroed slack past a record's end: a truncated record stops there and fails the end check. */
    private static final int PAD = 32;
    private final String[] strings = new String[SLOTS];
    private final Labels.Builder builder = new Labels.Builder();
    byte[] buf = new byte[1 << 16];
    int pos;

    /** Copies the record in and returns its length. */
    int load(ByteBuffer payload) {
      int len = payload.remaining();
      if (len + PAD > buf.length) {
        buf = new byte[Math.max(len + PAD, buf.length * 2)];
      }
      payload.get(payload.position(), buf, 0, len);
      Arrays.fill(buf, len, len + PAD, (byte) 0);
      pos = 0;
      return len;
    }

    long uvarint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new CorruptDataException("varint overflows 64 bits");
    }

    /** A count, length or ref: a uvarint that fits a non-negative int. */
    int count() {
      long v = uvarint();
      if (v > Integer.MAX_VALUE) {
        throw new CorruptDataException("count " + v + " out of range");
      }
      return (int) v;
    }

    /** Eight bytes, big-endian as {@code WalBatch.putDouble} writes them. */
    long fixed64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos + i] & 0xFFL);
      }
      pos += 8;
      return v;
    }

    Labels labels() {
      int n = count();
      builder.reset();
      for (int i = 0; i < n; i++) {
        String name = string();
        builder.set(name, string());
      }
      return builder.build();
    }

    private String string() {
      int len = count();
      if (len > buf.length - pos) {
        throw new CorruptDataException("WAL string runs past its record");
      }
      int h = len;
      boolean ascii = true;
      for (int i = pos; i < pos + len; i++) {
        h = 31 * h + buf[i];
        ascii &= buf[i] >= 0;
      }
      int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
      String s = strings[slot];
      if (!ascii || s == null || !sameAscii(s, pos, len)) {
        s = head.symbol(new String(buf, pos, len, StandardCharsets.UTF_8));
        if (ascii) {
          strings[slot] = s;
        }
      }
      pos += len;
      return s;
    }

    private boolean sameAscii(String s, int at, int len) {
      if (s.length() != len) {
        return false;
      }
      for (int i = 0; i < len; i++) {
        if (s.charAt(i) != buf[at + i]) {
          return false;
        }
      }
      return true;
    }
  }

  private static void writeSeries(WalBatch batch, MemSeries s) {
    batch.putUvarint(s.ref);
    batch.putUvarint(s.labels.size());
    for (int i = 0; i < s.labels.size(); i++) {
      batch.putString(s.labels.name(i)).putString(s.labels.value(i));
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  public Appender appender() {
    ensureOpen();
    return new TsdbAppender();
  }

  /**
   * An appender's working arrays and WAL batch, pooled between appenders so a request allocates
   * nothing once warm: an appender takes a set on its first append and gives it back on commit or
   * rollback. The pool is small and shared rather than per thread, since servers append from large
   * thread pools.
   */
  private static final class Buffers {
    /** Sets grown beyond this many samples are not kept. */
    static final int MAX_KEPT = 1 << 16;

    MemSeries[] ps = new MemSeries[256];
    long[] ts = new long[256];
    double[] vs = new double[256];
    final List<MemSeries> newSeries = new ArrayList<>();
    /**
     * The appender's pending state per series, kept here rather than in the series (which would
     * cost every series its fields and every sample a reference store into an old object): by
     * series ref, open addressing, 1 + the index in {@link #ps} of the series' latest sample, 0
     * when free. One entry per series held against head truncation.
     */
    int[] latest = new int[512];
    /** The slots of {@link #latest} in use, in the order the series were first held. */
    int[] used = new int[256];
    int held;
    final WalBatch samples = new WalBatch();

    void grow() {
      int n = ps.length * 2;
      ps = Arrays.copyOf(ps, n);
      ts = Arrays.copyOf(ts, n);
      vs = Arrays.copyOf(vs, n);
    }

    /** The slot of series s in {@link #latest}: its own, or the free one to take for it. */
    int slot(MemSeries s) {
      int mask = latest.length - 1;
      int h = s.ref * 0x9E3779B9;
      int i = (h ^ h >>> 16) & mask;
      while (latest[i] != 0 && ps[latest[i] - 1] != s) {
        i = (i + 1) & mask;
      }
      return i;
    }

    /** Holds series s with its first sample at index at; the table stays at most half full. */
    void hold(int slot, int at) {
      latest[slot] = at + 1;
      if (held == used.length) {
        used = Arrays.copyOf(used, held * 2);
      }
      used[held++] = slot;
      if (held * 2 > latest.length) {
        int[] old = latest;
        latest = new int[old.length * 2];
        for (int k = 0; k < held; k++) {
          int v = old[used[k]];
          int i = slot(ps[v - 1]);
          latest[i] = v;
          used[k] = i;
        }
      }
    }

    /** Releases every hold and empties the table. */
    void releaseAll() {
      for (int k = 0; k < held; k++) {
        int i = used[k];
        ps[latest[i] - 1].release();
        latest[i] = 0;
      }
      held = 0;
    }
  }

  private final BlockingQueue<Buffers> spareBuffers =
      new ArrayBlockingQueue<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

  private final class TsdbAppender implements Appender {
    private Buffers buf;
    private int n;
    /**
     * One wild future timestamp would widen the head until maintenance cuts every current sample
     * into a block, after which normal samples are out of bounds; so the future is refused.
     */
    private final long maxValidTime = System.currentTimeMillis() + MAX_FUTURE_MILLIS;

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      ensureOpen();
      MemSeries s = ref > 0 ? head.get(ref) : null;
      // The head hands out its own label set, so a caller passing it back with the ref skips
      // both the name check (done when the series was created) and the label comparison.
      if (s == null || s.labels != labels) {
        if (labels.metricName() == null) {
          throw new SampleRejectedException(Reason.INVALID_LABELS,
              "missing metric name: " + labels);
        }
        if (s == null || !s.labels.equals(labels)) {
          s = null;
        }
      }
      if (t < minValidTime) {
        throw new SampleRejectedException(Reason.OUT_OF_BOUNDS,
            "sample at " + t + " is older than the head (" + minValidTime + ") for " + labels);
      }
      if (t > maxValidTime) {
        throw new SampleRejectedException(Reason.OUT_OF_BOUNDS,
            "sample at " + t + " is too far in the future (more than 10m ahead) for " + labels);
      }
      if (s == null) {
        s = head.getOrCreate(labels);
      }
      if (buf == null) {
        buf = spareBuffers.poll();
        if (buf == null) {
          buf = new Buffers();
        }
      }
      Buffers b = buf;
      int slot;
      boolean keep;
      while (true) {
        slot = b.slot(s);
        int at = b.latest[slot] - 1;
        try {
          keep = at < 0
              ? s.checkPending(t, v, options.outOfOrderWindowMillis(), Long.MIN_VALUE, 0, true)
              : s.checkPending(t, v, options.outOfOrderWindowMillis(), b.ts[at],
                  Double.doubleToRawLongBits(b.vs[at]), false);
          break;
        } catch (IllegalStateException dropped) {
          // Head truncation dropped the series between lookup and check (so this appender did
          // not hold it); it is gone from the index a moment later, so a fresh lookup creates it
          // anew.
          Thread.onSpinWait();
          s = head.getOrCreate(labels);
        }
      }
      if (keep) {
        if (n == b.ps.length) {
          b.grow();
        }
        b.ps[n] = s;
        b.ts[n] = t;
        b.vs[n] = v;
        int at = b.latest[slot] - 1;
        if (at < 0) {
          b.hold(slot, n);
        } else if (t > b.ts[at]) {
          b.latest[slot] = n + 1;
        }
        n++;
      }
      return s.ref;
    }

    @Override
    public Labels labels(long ref) {
      MemSeries s = head.get(ref);
      return s == null ? null : s.labels;
    }

    @Override
    public void commit() {
      ensureOpen();
      if (n == 0) {
        clear();
        return;
      }
      try {
        MemSeries[] ps = buf.ps;
        long[] ts = buf.ts;
        double[] vs = buf.vs;
        // Samples are encoded before taking the WAL lock; only new series records, the write and
        // applying to the head are serialised.
        WalBatch samples = buf.samples;
        samples.clear();
        long base = ts[0];
        long max = Long.MIN_VALUE;
        samples.beginRecord().putByte(REC_SAMPLES).putUvarint(n).putVarint(base);
        for (int i = 0; i < n; i++) {
          samples.putUvarint(ps[i].ref).putVarint(ts[i] - base).putDouble(vs[i]);
          max = Math.max(max, ts[i]);
        }
        samples.endRecord();
        List<MemSeries> newSeries = buf.newSeries;
        synchronized (walLock) {
          walBatch.clear();
          newSeries.clear();
          for (int i = 0; i < n; i++) {
            if (!ps[i].isLogged()) {
              ps[i].setLogged(true);
              newSeries.add(ps[i]);
            }
          }
          if (!newSeries.isEmpty()) {
            walBatch.beginRecord().putByte(REC_SERIES).putUvarint(newSeries.size());
            for (MemSeries s : newSeries) {
              writeSeries(walBatch, s);
            }
            walBatch.endRecord();
          }
          int segment;
          try {
            segment = wal.write(walBatch, samples);
          } catch (IOException e) {
            for (MemSeries s : newSeries) {
              s.setLogged(false);
            }
            throw new UncheckedIOException("WAL write failed: " + e.getMessage(), e);
          } finally {
            newSeries.clear();
          }
          segmentMaxTime.merge(segment, max, Math::max);
          long range = options.blockRangeMillis();
          long window = options.outOfOrderWindowMillis();
          long minApplied = Long.MAX_VALUE;
          long maxApplied = Long.MIN_VALUE;
          int applied = 0;
          int rejected = 0;
          for (int i = 0; i < n; i++) {
            int r = ps[i].add(ts[i], vs[i], range, window, minValidTime);
            if (r > 0) {
              minApplied = Math.min(minApplied, ts[i]);
              maxApplied = Math.max(maxApplied, ts[i]);
              applied++;
            } else if (r < 0) {
              rejected++;
            }
          }
          if (applied > 0) {
            head.noteSample(minApplied);
            head.noteSample(maxApplied);
          }
          samplesAppended.add(applied);
          samplesRejected.add(rejected);
        }
      } finally {
        clear();
      }
      if (maintenance != null && headNeedsCut() && maintenanceQueued.compareAndSet(false, true)) {
        try {
          maintenance.execute(() -> {
            maintenanceQueued.set(false);
            maintainQuietly();
          });
        } catch (RejectedExecutionException closing) {
          maintenanceQueued.set(false);
        }
      }
    }

    @Override
    public void rollback() {
      clear();
    }

    private void clear() {
      Buffers b = buf;
      if (b == null) {
        return;
      }
      b.releaseAll();
      Arrays.fill(b.ps, 0, n, null);
      n = 0;
      buf = null;
      if (b.ps.length <= Buffers.MAX_KEPT) {
        b.samples.clear();
        spareBuffers.offer(b);
      }
    }
  }

  private boolean headNeedsCut() {
    long min = head.minTime();
    long max = head.maxTime();
    return min != Long.MAX_VALUE && max - min > options.blockRangeMillis() * 3 / 2;
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Querier querier(long minTime, long maxTime) {
    ensureOpen();
    return new TsdbQuerier(minTime, maxTime);
  }

  private final class TsdbQuerier implements Querier {
    private final long mint;
    private final long maxt;

    TsdbQuerier(long mint, long maxt) {
      this.mint = mint;
      this.maxt = maxt;
    }

    /**
     * Each source's matching series in label order (a block's ids are label-ordered; the head's
     * are sorted here), merged in one pass: series in several sources get their chunks in source
     * order, blocks oldest first, then the head.
     */
    private List<Series> collect(List<LabelMatcher> matchers) {
      List<List<Found>> sources = new ArrayList<>();
      viewLock.readLock().lock();
      try {
        for (BlockReader b : blocks) {
          if (b.meta().minTime() > maxt || b.meta().maxTime() <= mint) {
            continue;
          }
          int[] ids = Postings.select(b, matchers);
          List<Found> found = new ArrayList<>(ids.length);
          List<ChunkRef> tmp = new ArrayList<>();
          for (int id : ids) {
            Labels l = b.series(id, tmp);
            List<ChunkRef> overlapping = overlapping(tmp);
            if (overlapping != null) {
              found.add(new Found(l, overlapping));
            }
            tmp.clear();
          }
          sources.add(found);
        }
        int[] ids = Postings.select(head, matchers);
        List<Found> found = new ArrayList<>(ids.length);
        for (int id : ids) {
          List<ChunkRef> chunks = new ArrayList<>(2);
          Labels l = head.snapshot(id, chunks, mint, maxt);
          if (l != null && !chunks.isEmpty()) {
            found.add(new Found(l, chunks));
          }
        }
        found.sort(null);
        sources.add(found);
      } finally {
        viewLock.readLock().unlock();
      }
      List<Series> out = new ArrayList<>();
      mergeSorted(sources, (l, chunks) -> {
        SeriesChunks sc = new SeriesChunks(l, chunks, mint, maxt);
        if (sc.hasSamples()) {
          out.add(sc);
        }
      });
      return out;
    }

    /** The chunks overlapping the range, as a new list; null when none does. */
    private List<ChunkRef> overlapping(List<ChunkRef> chunks) {
      List<ChunkRef> out = null;
      for (ChunkRef c : chunks) {
        if (c.overlaps(mint, maxt)) {
          if (out == null) {
            out = new ArrayList<>(chunks.size());
          }
          out.add(c);
        }
      }
      return out;
    }

    @Override
    public List<Series> select(List<LabelMatcher> matchers) {
      return collect(matchers);
    }

    @Override
    public void close() {}
  }

  /** One source's series: its labels and its chunks overlapping the query range. */
  record Found(Labels labels, List<ChunkRef> chunks) implements Comparable<Found> {
    @Override
    public int compareTo(Found o) {
      return labels.compareTo(o.labels);
    }
  }

  /**
   * Merges lists each sorted by labels (and free of duplicates) into one label-ordered stream;
   * a series present in several lists is emitted once with their chunks concatenated in list
   * order (into the first list's chunk list, which must be mutable).
   */
  static void mergeSorted(List<List<Found>> lists,
      java.util.function.BiConsumer<Labels, List<ChunkRef>> sink) {
    List<List<Found>> nonEmpty = new ArrayList<>(lists.size());
    for (List<Found> l : lists) {
      if (!l.isEmpty()) {
        nonEmpty.add(l);
      }
    }
    if (nonEmpty.size() == 1) {
      for (Found f : nonEmpty.get(0)) {
        sink.accept(f.labels(), f.chunks());
      }
      return;
    }
    int k = nonEmpty.size();
    int[] pos = new int[k];
    while (true) {
      Labels min = null;
      for (int i = 0; i < k; i++) {
        if (pos[i] < nonEmpty.get(i).size()) {
          Labels l = nonEmpty.get(i).get(pos[i]).labels();
          if (min == null || l.compareTo(min) < 0) {
            min = l;
          }
        }
      }
      if (min == null) {
        return;
      }
      List<ChunkRef> chunks = null;
      for (int i = 0; i < k; i++) {
        List<Found> l = nonEmpty.get(i);
        if (pos[i] < l.size() && l.get(pos[i]).labels().equals(min)) {
          List<ChunkRef> c = l.get(pos[i]++).chunks();
          if (chunks == null) {
            chunks = c;
          } else {
            chunks.addAll(c);
          }
        }
      }
      sink.accept(min, chunks);
    }
  }

  // ---------------------------------------------------------------- maintenance

  private void maintainQuietly() {
    try {
      maintain();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "TSDB maintenance failed", e);
    }
  }

  private void syncWalQuietly() {
    try {
      if (!closed) {
        wal.sync();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "WAL sync failed", e);
    }
  }

  /** Cuts old head data into blocks, compacts blocks and applies retention. */
  public void maintain() throws IOException {
    synchronized (maintenanceLock) {
      if (closed) {
        return;
      }
      long range = options.blockRangeMillis();
      while (headNeedsCut()) {
        long start = Math.floorDiv(head.minTime(), range) * range;
        persistHead(start, start + range);
        if (head.minTime() < start + range) {
          throw new IllegalStateException("head did not shrink below " + (start + range));
        }
      }
      compact();
      applyRetention();
    }
  }

  /** Writes everything in the head to blocks and empties it (for shutdown and tests). */
  public void flushHead() throws IOException {
    synchronized (maintenanceLock) {
      ensureOpen();
      long target = head.maxTime();
      if (target == Long.MIN_VALUE) {
        return;
      }
      long range = options.blockRangeMillis();
      while (head.minTime() <= target) {
        long start = Math.floorDiv(head.minTime(), range) * range;
        long end = Math.min(start + range, target + 1);
        persistHead(start, end);
        if (head.minTime() < end) {
          throw new IllegalStateException("head did not shrink below " + end);
        }
      }
    }
  }

  private void persistHead(long start, long end) throws IOException {
    minValidTime = Math.max(minValidTime, end);
    List<MemSeries> all = head.allSeries();
    all.sort(Comparator.comparing(s -> s.labels));
    BlockBuilder builder = new BlockBuilder(dir, start, end, 1, List.of());
    BlockReader reader;
    try {
      for (MemSeries s : all) {
        builder.addSeries(s.labels, s.chunksBefore(end));
      }
      if (builder.seriesCount() == 0) {
        builder.abort();
        reader = null;
      } else {
        reader = new BlockReader(dir.resolve(builder.finish().id()));
      }
    } catch (IOException | RuntimeException e) {
      builder.abort();
      throw e;
    }
    viewLock.writeLock().lock();
    try {
      if (reader != null) {
        List<BlockReader> next = new ArrayList<>(blocks);
        next.add(reader);
        next.sort(Comparator.comparingLong((BlockReader b) -> b.meta().minTime()));
        blocks = List.copyOf(next);
      }
      head.truncateBefore(end);
    } finally {
      viewLock.writeLock().unlock();
    }
    Path tmp = dir.resolve(MIN_VALID_FILE + ".tmp");
    Files.writeString(tmp, Long.toString(minValidTime));
    Files.move(tmp, dir.resolve(MIN_VALID_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    truncateWal();
  }

  /** Replaces WAL segments holding only persisted samples by a checkpoint of live series. */
  private void truncateWal() throws IOException {
    synchronized (walLock) {
      int current = wal.rollSegment();
      int firstKept = current;
      for (var e : segmentMaxTime.headMap(current).entrySet()) {
        if (e.getValue() >= minValidTime) {
          firstKept = e.getKey();
          break;
        }
      }
      WalBatch cp = new WalBatch();
      List<MemSeries> live = head.allSeries();
      if (!live.isEmpty()) {
        cp.beginRecord().putByte(REC_SERIES).putUvarint(live.size());
        for (MemSeries s : live) {
          writeSeries(cp, s);
          s.setLogged(true);
        }
        cp.endRecord();
      }
      wal.checkpoint(firstKept, cp);
      segmentMaxTime.headMap(firstKept).clear();
    }
  }

  /** Block ranges per compaction level: the block range times 3, 9, ... up to 10% of retention. */
  List<Long> compactionRanges() {
    List<Long> ranges = new ArrayList<>();
    long r = options.blockRangeMillis();
    ranges.add(r);
    while (r * 3 <= options.retentionMillis() / 10) {
      r *= 3;
      ranges.add(r);
    }
    return ranges;
  }

  /** Merges blocks sharing a closed window of a larger range into one block. */
  public void compact() throws IOException {
    synchronized (maintenanceLock) {
      List<Long> ranges = compactionRanges();
      for (int level = 1; level < ranges.size(); level++) {
        long r = ranges.get(level);
        long newest = Math.max(minValidTime, blocks.isEmpty() ? Long.MIN_VALUE
            : blocks.get(blocks.size() - 1).meta().maxTime());
        TreeMap<Long, List<BlockReader>> windows = new TreeMap<>();
        for (BlockReader b : blocks) {
          long w = Math.floorDiv(b.meta().minTime(), r) * r;
          if (b.meta().maxTime() <= w + r && b.meta().maxTime() - b.meta().minTime() < r) {
            windows.computeIfAbsent(w, k -> new ArrayList<>()).add(b);
          }
        }
        for (var e : windows.entrySet()) {
          if (e.getValue().size() > 1 && e.getKey() + r <= newest) {
            merge(e.getValue());
          }
        }
      }
    }
  }

  private void merge(List<BlockReader> sources) throws IOException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int level = 0;
    List<String> ids = new ArrayList<>();
    for (BlockReader b : sources) {
      min = Math.min(min, b.meta().minTime());
      max = Math.max(max, b.meta().maxTime());
      level = Math.max(level, b.meta().level());
      ids.add(b.meta().id());
    }
    BlockBuilder builder = new BlockBuilder(dir, min, max, level + 1, ids);
    BlockReader merged;
    try {
      writeMerged(sources, builder);
      merged = new BlockReader(dir.resolve(builder.finish().id()));
    } catch (IOException | RuntimeException e) {
      builder.abort();
      throw e;
    }
    viewLock.writeLock().lock();
    try {
      List<BlockReader> next = new ArrayList<>(blocks);
      next.removeAll(sources);
      next.add(merged);
      next.sort(Comparator.comparingLong((BlockReader b) -> b.meta().minTime()));
      blocks = List.copyOf(next);
    } finally {
      viewLock.writeLock().unlock();
    }
    for (BlockReader b : sources) {
      BlockBuilder.deleteRecursively(b.dir());
    }
  }

  /** Streams the union of the sources' series, in label order, into the builder. */
  static void writeMerged(List<BlockReader> sources, BlockBuilder builder) throws IOException {
    record Cursor(int source, int id, Labels labels) {}
    PriorityQueue<Cursor> pq = new PriorityQueue<>(
        Comparator.comparing(Cursor::labels).thenComparingInt(Cursor::source));
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).numSeries() > 0) {
        pq.add(new Cursor(i, 0, sources.get(i).series(0, null)));
      }
    }
    List<ChunkRef> chunks = new ArrayList<>();
    while (!pq.isEmpty()) {
      Labels labels = pq.peek().labels();
      chunks.clear();
      while (!pq.isEmpty() && pq.peek().labels().equals(labels)) {
        Cursor c = pq.poll();
        BlockReader b = sources.get(c.source());
        b.series(c.id(), chunks);
        if (c.id() + 1 < b.numSeries()) {
          pq.add(new Cursor(c.source(), c.id() + 1, b.series(c.id() + 1, null)));
        }
      }
      builder.addSeries(labels, mergeChunks(labels, chunks));
    }
  }

  private static List<BlockBuilder.Chunk> mergeChunks(Labels labels, List<ChunkRef> chunks) {
    List<ChunkRef> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingLong(c -> c.minT));
    boolean disjoint = true;
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).minT <= sorted.get(i - 1).maxT) {
        disjoint = false;
        break;
      }
    }
    if (!disjoint) {
      return MemSeries.encode(
          new SeriesChunks(labels, chunks, Long.MIN_VALUE, Long.MAX_VALUE).iterator());
    }
    List<BlockBuilder.Chunk> out = new ArrayList<>(sorted.size());
    for (ChunkRef c : sorted) {
      out.add(BlockReader.toChunk(c));
    }
    return out;
  }

  /**
   * Deletes blocks whose end lies more than the retention before the newest block's end (as
   * Prometheus does: head samples, which may carry odd future timestamps, do not count), then the
   * oldest blocks while blocks and WAL together exceed the byte limit.
   */
  public void applyRetention() throws IOException {
    synchronized (maintenanceLock) {
      long newest = Long.MIN_VALUE;
      for (BlockReader b : blocks) {
        newest = Math.max(newest, b.meta().maxTime());
      }
      List<BlockReader> drop = new ArrayList<>();
      for (BlockReader b : blocks) {
        if (newest - b.meta().maxTime() > options.retentionMillis()) {
          drop.add(b);
        }
      }
      if (options.retentionBytes() > 0) {
        long total = wal.diskBytes();
        for (BlockReader b : blocks) {
          total += b.diskBytes();
        }
        for (BlockReader b : drop) {
          total -= b.diskBytes();
        }
        for (BlockReader b : blocks) {
          if (total <= options.retentionBytes()) {
            break;
          }
          if (!drop.contains(b)) {
            drop.add(b);
            total -= b.diskBytes();
          }
        }
      }
      if (drop.isEmpty()) {
        return;
      }
      viewLock.writeLock().lock();
      try {
        List<BlockReader> next = new ArrayList<>(blocks);
        next.removeAll(drop);
        blocks = List.copyOf(next);
      } finally {
        viewLock.writeLock().unlock();
      }
      for (BlockReader b : drop) {
        LOG.log(System.Logger.Level.INFO, "retention deletes block {0} [{1}, {2})",
            b.meta().id(), b.meta().minTime(), b.meta().maxTime());
        BlockBuilder.deleteRecursively(b.dir());
      }
    }
  }

  /** Metadata of the current blocks, oldest first. */
  public List<BlockMeta> blocks() {
    List<BlockMeta> out = new ArrayList<>();
    for (BlockReader b : blocks) {
      out.add(b.meta());
    }
    return out;
  }

  /**
   * A writer of historical samples into new blocks of this TSDB (backfill); they become
   * queryable when it flushes.
   */
  public BlockWriter blockWriter() {
    ensureOpen();
    return new BlockWriter(dir, options.blockRangeMillis(), BlockWriter.DEFAULT_MAX_BUFFERED,
        this::adoptBlock);
  }

  private void adoptBlock(BlockMeta meta) throws IOException {
    BlockReader r = new BlockReader(dir.resolve(meta.id()));
    viewLock.writeLock().lock();
    try {
      List<BlockReader> next = new ArrayList<>(blocks);
      next.add(r);
      next.sort(Comparator.comparingLong((BlockReader b) -> b.meta().minTime()));
      blocks = List.copyOf(next);
    } finally {
      viewLock.writeLock().unlock();
    }
  }

  // ---------------------------------------------------------------- stats

  public TsdbStats stats() {
    ensureOpen();
    Map<String, Map<String, Integer>> sizes = head.postingSizes();
    long labelPairs = 0;
    for (Map<String, Integer> values : sizes.values()) {
      labelPairs += values.size();
    }
    List<TsdbStats.Entry> byMetric = new ArrayList<>();
    List<TsdbStats.Entry> valueCounts = new ArrayList<>();
    List<TsdbStats.Entry> memory = new ArrayList<>();
    List<TsdbStats.Entry> pairs = new ArrayList<>();
    sizes.forEach((name, values) -> {
      valueCounts.add(new TsdbStats.Entry(name, values.size()));
      long bytes = 0;
      for (var e : values.entrySet()) {
        bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length;
        pairs.add(new TsdbStats.Entry(name + "=" + e.getKey(), e.getValue()));
        if (name.equals(Labels.METRIC_NAME)) {
          byMetric.add(new TsdbStats.Entry(e.getKey(), e.getValue()));
        }
      }
      memory.add(new TsdbStats.Entry(name, bytes));
    });
    TsdbCounters c = counters();
    return new TsdbStats(c.numSeries(), labelPairs, head.minTime(), head.maxTime(), c.headChunks(),
        top10(byMetric),
        top10(valueCounts), top10(memory), top10(pairs), c.blocks(), c.diskBytes(),
        c.samplesAppended(), c.samplesRejected());
  }

  /**
   * The totals without the cardinality breakdown of {@link #stats()}, which walks every label
   * pair: cheap enough for the server's own /metrics on every scrape.
   */
  public TsdbCounters counters() {
    ensureOpen();
    long chunks = 0;
    for (MemSeries s : head.allSeries()) {
      chunks += s.chunkCount();
    }
    long disk;
    try {
      disk = wal.diskBytes();
    } catch (IOException e) {
      disk = 0;
    }
    List<BlockReader> bs = blocks;
    for (BlockReader b : bs) {
      disk += b.diskBytes();
    }
    return new TsdbCounters(head.numSeries(), chunks, bs.size(), disk, samplesAppended.sum(),
        samplesRejected.sum());
  }

  private static List<TsdbStats.Entry> top10(List<TsdbStats.Entry> entries) {
    entries.sort(Comparator.comparingLong(TsdbStats.Entry::value).reversed()
        .thenComparing(TsdbStats.Entry::name));
    return List.copyOf(entries.subList(0, Math.min(10, entries.size())));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("TSDB is closed");
    }
  }

  /**
   * Stops maintenance, closes the WAL and releases the directory lock; head data stays in the WAL
   * for the next open (call {@link #flushHead()} first to persist it as blocks). Block files are
   * memory-mapped and unmapped by the garbage collector once no querier result refers to them.
   */
  @Override
  public void close() {
    if (maintenance != null) {
      maintenance.shutdown();
      try {
        maintenance.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (maintenanceLock) {
      synchronized (walLock) {
        if (closed) {
          return;
        }
        closed = true;
        try {
          wal.close();
          lock.release();
          lockChannel.close();
        } catch (IOException e) {
          throw new UncheckedIOException("closing the TSDB: " + e.getMessage(), e);
        }
      }
    }
  }
}
