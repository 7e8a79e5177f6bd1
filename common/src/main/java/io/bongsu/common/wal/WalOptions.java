package io.bongsu.common.wal;

/**
 * How the log writes. Every commit reaches the operating system before it returns, which survives
 * the process being killed; {@code fsyncEveryCommit} also survives power loss at a latency cost.
 *
 * @param segmentBytes size after which a new segment file starts
 * @param fsyncEveryCommit force each committed batch to the device
 * @param fsyncIntervalMillis when not syncing every commit, force at most this long after a
 *     commit (checked on the next commit); 0 leaves it to segment close
 */
public record WalOptions(long segmentBytes, boolean fsyncEveryCommit, long fsyncIntervalMillis) {
  public static final long DEFAULT_SEGMENT_BYTES = 128L << 20;

  public WalOptions {
    if (segmentBytes < 1024) {
      throw new IllegalArgumentException("segmentBytes must be at least 1024");
    }
    if (fsyncIntervalMillis < 0) {
      throw new IllegalArgumentException("fsyncIntervalMillis must not be negative");
    }
  }

  public static WalOptions defaults() {
    return new WalOptions(DEFAULT_SEGMENT_BYTES, false, 10_000);
  }

  public WalOptions withSegmentBytes(long bytes) {
    return new WalOptions(bytes, fsyncEveryCommit, fsyncIntervalMillis);
  }
}
