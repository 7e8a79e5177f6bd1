package io.bongsu.common.wal;

import io.bongsu.common.codec.ByteWriter;
import java.util.zip.CRC32C;

/**
 * Records framed for the log, gathered to be written with one system call. Each frame is a
 * 4-byte payload length, the payload's CRC32C, then the payload. Reusable via {@link #clear()}.
 */
public final class WalBatch extends ByteWriter {
  static final int HEADER = 8;
  private final CRC32C crc = new CRC32C();
  private int recordStart = -1;
  private int records;

  public WalBatch() {
    super(4096);
  }

  /** Starts a record; write its payload with the put methods, then call {@link #endRecord()}. */
  public WalBatch beginRecord() {
    if (recordStart >= 0) {
      throw new IllegalStateException("record already open");
    }
    recordStart = size();
    putLong(0);
    return this;
  }

  public void endRecord() {
    if (recordStart < 0) {
      throw new IllegalStateException("no open record");
    }
    int len = size() - recordStart - HEADER;
    if (len == 0) {
      throw new IllegalStateException("empty WAL records are not allowed");
    }
    crc.reset();
    crc.update(array(), recordStart + HEADER, len);
    setInt(recordStart, len);
    setInt(recordStart + 4, (int) crc.getValue());
    recordStart = -1;
    records++;
  }

  /** Adds one whole record. */
  public void addRecord(byte[] payload, int off, int len) {
    beginRecord();
    putBytes(payload, off, len);
    endRecord();
  }

  public int records() {
    return records;
  }

  public boolean isEmpty() {
    return records == 0;
  }

  public void clear() {
    reset();
    recordStart = -1;
    records = 0;
  }

  boolean hasOpenRecord() {
    return recordStart >= 0;
  }
}
