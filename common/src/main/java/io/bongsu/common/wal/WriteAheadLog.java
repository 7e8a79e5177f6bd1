package io.bongsu.common.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A segmented log of opaque records. Segments are files named by an 8-digit increasing number; a
 * checkpoint file {@code checkpoint.N} stands for everything before segment N once the owner has
 * condensed it. Writing always starts a fresh segment after the existing ones, so a torn tail
 * left by a crash stays at the end of an old segment, where {@link #replay} cuts it off.
 *
 * <p>Thread-safe: writes and maintenance are serialised on the log.
 */
public final class WriteAheadLog implements Closeable {
  private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());
  private static final String CHECKPOINT_PREFIX = "checkpoint.";
  private static final int STAGING_MIN = 64 << 10;
  private static final int STAGING_MAX = 1 << 20;

  /** Receives each record's payload; the buffer is only valid during the call. */
  @FunctionalInterface
  public interface RecordHandler {
    void accept(int segment, ByteBuffer payload);
  }

  private static final WalBatch EMPTY = new WalBatch();

  private final Path dir;
  private final WalOptions options;
  /**
   * Batches go to the file through this direct buffer, under the log's lock. Handed a heap
   * buffer, FileChannel.write copies it into a temporary direct buffer that the JDK caches per
   * calling thread at any size; batches are written from request threads, and with a pool of up
   * to 200 of them those caches held ~70 MB at 1M series.
   */
  private ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_MIN);
  private FileChannel current;
  private int currentIndex;
  private long currentSize;
  private int nextIndex;
  private long lastSync;
  private boolean dirty;
  private boolean closed;

  private WriteAheadLog(Path dir, WalOptions options) throws IOException {
    this.dir = dir;
    this.options = options;
    Files.createDirectories(dir);
    int max = -1;
    for (int s : segments().keySet()) {
      max = Math.max(max, s);
    }
    Checkpoint cp = latestCheckpoint();
    if (cp != null) {
      max = Math.max(max, cp.index - 1);
    }
    nextIndex = max + 1;
    currentIndex = -1;
  }

  public static WriteAheadLog open(Path dir, WalOptions options) throws IOException {
    return new WriteAheadLog(dir, options);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes the batch's records to the current segment (starting a new one when it would exceed the
   * segment size) and hands them to the operating system before returning.
   *
   * @return the segment the batch went to
   */
  public synchronized int write(WalBatch batch) throws IOException {
    return write(batch, EMPTY);
  }

  /**
   * Writes two batches, {@code first} before {@code second}, into the same segment with one
   * system call (one per MB beyond the first), as {@link #write(WalBatch)} does for one.
   *
   * @return the segment the batches went to
   */
  public synchronized int write(WalBatch first, WalBatch second) throws IOException {
    ensureOpen();
    if (first.hasOpenRecord() || second.hasOpenRecord()) {
      throw new IllegalStateException("batch has an unfinished record");
    }
    long size = (long) first.size() + second.size();
    if (first.isEmpty() && second.isEmpty()) {
      return Math.max(currentIndex, 0);
    }
    if (current == null || (currentSize > 0 && currentSize + size > options.segmentBytes())) {
      startSegment();
    }
    if (size > staging.capacity() && staging.capacity() < STAGING_MAX) {
      staging = ByteBuffer.allocateDirect(
          (int) Math.min(STAGING_MAX, Long.highestOneBit(size - 1) << 1));
    }
    staging.clear();
    stage(first.array(), first.size());
    stage(second.array(), second.size());
    flushStaging();
    currentSize += size;
    dirty = true;
    long now = System.currentTimeMillis();
    if (options.fsyncEveryCommit()
        || (options.fsyncIntervalMillis() > 0 && now - lastSync >= options.fsyncIntervalMillis())) {
      current.force(false);
      lastSync = now;
      dirty = false;
    }
    return currentIndex;
  }

  /** Copies {@code len} bytes into the staging buffer, writing it out whenever it fills. */
  private void stage(byte[] bytes, int len) throws IOException {
    int off = 0;
    while (off < len) {
      if (!staging.hasRemaining()) {
        flushStaging();
      }
      int n = Math.min(len - off, staging.remaining());
      staging.put(bytes, off, n);
      off += n;
    }
  }

  private void flushStaging() throws IOException {
    staging.flip();
    while (staging.hasRemaining()) {
      current.write(staging);
    }
    staging.clear();
  }

  /** Closes the current segment (synced) and starts the next; returns the new segment's index. */
  public synchronized int rollSegment() throws IOException {
    ensureOpen();
    startSegment();
    return currentIndex;
  }

  /** Index of the segment being written, or -1 before the first write. */
  public synchronized int currentSegment() {
    return currentIndex;
  }

  /** Forces written records to the device. */
  public synchronized void sync() throws IOException {
    if (current != null && dirty) {
      current.force(false);
      dirty = false;
      lastSync = System.currentTimeMillis();
    }
  }

  private void startSegment() throws IOException {
    closeCurrent();
    currentIndex = nextIndex++;
    current = FileChannel.open(segmentPath(currentIndex),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    currentSize = 0;
    syncDir();
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      current.force(false);
      current.close();
      current = null;
      dirty = false;
    }
  }

  /**
   * Reads the latest checkpoint, then every segment from it on, in order. A segment whose tail
   * does not hold whole, intact records is cut at the last good record; the damage is logged and
   * returned, never thrown. Call before the first write.
   */
  public synchronized ReplayReport replay(RecordHandler handler) throws IOException {
    ensureOpen();
    List<ReplayReport.Corruption> corruptions = new ArrayList<>();
    long records = 0;
    int files = 0;
    Checkpoint cp = latestCheckpoint();
    int from = 0;
    if (cp != null) {
      records += readFile(cp.path, cp.index - 1, handler, corruptions);
      files++;
      from = cp.index;
    }
    for (var e : segments().entrySet()) {
      if (e.getKey() < from || e.getKey() == currentIndex) {
        continue;
      }
      records += readFile(e.getValue(), e.getKey(), handler, corruptions);
      files++;
    }
    return new ReplayReport(files, records, List.copyOf(corruptions));
  }

  private long readFile(Path file, int segment, RecordHandler handler,
      List<ReplayReport.Corruption> corruptions) throws IOException {
    long count = 0;
    long good = 0;
    long size;
    String problem = null;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
      if (size > 0) {
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        CRC32C crc = new CRC32C();
        while (map.remaining() > 0) {
          if (map.remaining() < WalBatch.HEADER) {
            problem = "partial record header";
            break;
          }
          int start = map.position();
          int len = map.getInt();
          int sum = map.getInt();
          if (len <= 0 || len > map.remaining()) {
            problem = len <= 0 ? "invalid record length " + len : "record runs past end of file";
            break;
          }
          ByteBuffer payload = map.slice(start + WalBatch.HEADER, len);
          crc.reset();
          crc.update(payload.duplicate());
          if ((int) crc.getValue() != sum) {
            problem = "checksum mismatch";
            break;
          }
          handler.accept(segment, payload);
          count++;
          map.position(start + WalBatch.HEADER + len);
          good = map.position();
        }
      }
    }
    if (problem != null) {
      corruptions.add(new ReplayReport.Corruption(file.getFileName().toString(), good,
          size - good, problem));
      LOG.log(System.Logger.Level.WARNING,
          "WAL file {0} is damaged at offset {1} ({2}); cutting {3} bytes",
          file, good, problem, size - good);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(good);
        ch.force(true);
      }
    }
    return count;
  }

  /**
   * Replaces everything before segment {@code firstKept} with the given records: writes them as
   * {@code checkpoint.firstKept}, then deletes older segments and checkpoints.
   */
  public synchronized void checkpoint(int firstKept, WalBatch records) throws IOException {
    ensureOpen();
    if (current != null && firstKept > currentIndex) {
      throw new IllegalArgumentException("cannot drop the segment being written");
    }
    Path tmp = dir.resolve(CHECKPOINT_PREFIX + String.format("%08d", firstKept) + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer bb = ByteBuffer.wrap(records.array(), 0, records.size());
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ch.force(true);
    }
    Path target = dir.resolve(CHECKPOINT_PREFIX + String.format("%08d", firstKept));
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDir();
    for (var e : segments().entrySet()) {
      if (e.getKey() < firstKept) {
        Files.deleteIfExists(e.getValue());
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, CHECKPOINT_PREFIX + "*")) {
      for (Path p : ds) {
        Integer idx = checkpointIndex(p);
        if (idx == null || idx < firstKept) {
          Files.deleteIfExists(p);
        }
      }
    }
    nextIndex = Math.max(nextIndex, firstKept);
  }

  /** Segment files by index. */
  public synchronized TreeMap<Integer, Path> segments() throws IOException {
    TreeMap<Integer, Path> out = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.length() == 8 && n.chars().allMatch(Character::isDigit)) {
          out.put(Integer.parseInt(n), p);
        }
      }
    }
    return out;
  }

  /** Bytes of all segments and checkpoints. */
  public synchronized long diskBytes() throws IOException {
    long total = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        total += Files.size(p);
      }
    }
    return total;
  }

  private record Checkpoint(int index, Path path) {}

  private Checkpoint latestCheckpoint() throws IOException {
    Checkpoint best = null;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, CHECKPOINT_PREFIX + "*")) {
      for (Path p : ds) {
        Integer idx = checkpointIndex(p);
        if (idx != null && (best == null || idx > best.index)) {
          best = new Checkpoint(idx, p);
        }
      }
    }
    return best;
  }

  private static Integer checkpointIndex(Path p) {
    String s = p.getFileName().toString().substring(CHECKPOINT_PREFIX.length());
    if (s.length() != 8 || !s.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.parseInt(s);
  }

  private Path segmentPath(int index) {
    return dir.resolve(String.format("%08d", index));
  }

  private void syncDir() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open directories; the file syncs still hold the data.
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("WAL is closed");
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    closeCurrent();
  }
}
