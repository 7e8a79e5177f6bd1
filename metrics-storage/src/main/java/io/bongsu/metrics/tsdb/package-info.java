/**
 * The embedded metrics TSDB behind {@link io.bongsu.metrics.storage.Storage}.
 *
 * <p>Data directory layout:
 *
 * <ul>
 *   <li>{@code wal/} segments {@code 00000000, 00000001, ...} of CRC32C-framed records and at most
 *       one {@code checkpoint.N} (see {@link io.bongsu.common.wal.WriteAheadLog}). Record type 1
 *       lists new series (ref, labels); type 2 a committed batch of samples (ref, timestamp delta
 *       from the batch's first, raw value bits). A commit writes its series and samples records
 *       with one write before it returns, and publishes to the head under the same lock, so replay
 *       order equals publish order.
 *   <li>{@code <26-char id>/} immutable blocks: {@code meta.json} (range [minTime, maxTime), counts,
 *       level, parents), {@code chunks} and {@code index} (see
 *       {@link io.bongsu.metrics.tsdb.block.BlockBuilder}). Blocks are memory-mapped.
 *   <li>{@code head_min_valid}: the first timestamp the head accepts; everything before it is in
 *       blocks, and WAL samples before it are skipped on replay.
 *   <li>{@code lock}: held while a TSDB has the directory open.
 * </ul>
 *
 * <p>Life of a sample: {@link io.bongsu.metrics.storage.Appender#append} validates it against the
 * series (out of order, duplicate, out of bounds) and buffers it; commit logs and publishes it into
 * the series' open Gorilla chunk (cut at 120 samples or a block boundary), or into a small sorted
 * late-sample buffer when an out-of-order window is set. When the head spans more than 1.5 block
 * ranges, its oldest range becomes a block, the head and WAL are truncated (live series go to a
 * checkpoint), then blocks sharing a closed window of 3x, 9x, ... the range (up to a tenth of the
 * retention) are merged, and blocks past retention are deleted.
 */
package io.bongsu.metrics.tsdb;
