package io.bongsu.metrics.tsdb;

import io.bongsu.common.wal.WalOptions;

/**
 * Settings of the embedded TSDB.
 *
 * @param blockRangeMillis span of the blocks cut from the head (Prometheus: 2h)
 * @param outOfOrderWindowMillis how far behind a series' newest sample a sample may arrive and
 *     still be kept; 0 rejects every older sample
 * @param retentionMillis blocks entirely older than this behind the newest data are deleted
 * @param retentionBytes when above 0, oldest blocks are deleted while blocks and WAL exceed it
 * @param wal write-ahead log settings
 * @param backgroundMaintenance run head cutting, compaction and retention on a timer
 */
public record TsdbOptions(long blockRangeMillis, long outOfOrderWindowMillis, long retentionMillis,
    long retentionBytes, WalOptions wal, boolean backgroundMaintenance) {
  public static final long HOUR = 3_600_000L;

  public TsdbOptions {
    if (blockRangeMillis <= 0) {
      throw new IllegalArgumentException("blockRangeMillis must be positive");
    }
    if (outOfOrderWindowMillis < 0 || retentionMillis <= 0 || retentionBytes < 0) {
      throw new IllegalArgumentException(
          "out-of-order window and retention bytes must not be negative, retention time positive");
    }
  }

  public static TsdbOptions defaults() {
    return new TsdbOptions(2 * HOUR, 0, 15 * 24 * HOUR, 0, WalOptions.defaults(), true);
  }

  public TsdbOptions withBlockRange(long millis) {
    return new TsdbOptions(millis, outOfOrderWindowMillis, retentionMillis, retentionBytes, wal,
        backgroundMaintenance);
  }

  public TsdbOptions withOutOfOrderWindow(long millis) {
    return new TsdbOptions(blockRangeMillis, millis, retentionMillis, retentionBytes, wal,
        backgroundMaintenance);
  }

  public TsdbOptions withRetention(long millis, long bytes) {
    return new TsdbOptions(blockRangeMillis, outOfOrderWindowMillis, millis, bytes, wal,
        backgroundMaintenance);
  }

  public TsdbOptions withWal(WalOptions walOptions) {
    return new TsdbOptions(blockRangeMillis, outOfOrderWindowMillis, retentionMillis,
        retentionBytes, walOptions, backgroundMaintenance);
  }

  public TsdbOptions withBackgroundMaintenance(boolean on) {
    return new TsdbOptions(blockRangeMillis, outOfOrderWindowMillis, retentionMillis,
        retentionBytes, wal, on);
  }
}
