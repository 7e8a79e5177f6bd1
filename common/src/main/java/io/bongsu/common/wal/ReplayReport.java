package io.bongsu.common.wal;

import java.util.List;

/**
 * What a replay found.
 *
 * @param segmentsRead segment files read (a checkpoint counts as one)
 * @param records records handed to the handler
 * @param corruptions damaged tails that were cut off, in the order found
 */
public record ReplayReport(int segmentsRead, long records, List<Corruption> corruptions) {
  /** A segment cut at {@code offset}, dropping {@code droppedBytes} that did not form records. */
  public record Corruption(String file, long offset, long droppedBytes, String reason) {}

  public boolean truncated() {
    return !corruptions.isEmpty();
  }
}
