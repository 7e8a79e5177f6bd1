package io.bongsu.common.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  @TempDir Path dir;

  private static WalBatch batch(String... records) {
    WalBatch b = new WalBatch();
    for (String r : records) {
      byte[] bytes = r.getBytes(StandardCharsets.UTF_8);
      b.addRecord(bytes, 0, bytes.length);
    }
    return b;
  }

  private static List<String> replayAll(WriteAheadLog wal, List<ReplayReport> reports)
      throws IOException {
    List<String> out = new ArrayList<>();
    reports.add(wal.replay((seg, payload) -> {
      byte[] b = new byte[payload.remaining()];
      payload.get(b);
      out.add(new String(b, StandardCharsets.UTF_8));
    }));
    return out;
  }

  @Test
  void committedRecordsReplayInOrderAfterReopen() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.write(batch("a", "bb"));
      wal.write(batch("ccc"));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      List<ReplayReport> reports = new ArrayList<>();
      assertThat(replayAll(wal, reports)).containsExactly("a", "bb", "ccc");
      assertThat(reports.get(0).truncated()).isFalse();
      assertThat(reports.get(0).records()).isEqualTo(3);
    }
  }

  @Test
  void batchesLargerThanTheStagingBufferReplayIntact() throws IOException {
    String big = "x".repeat(700_000);
    String bigger = "y".repeat(1_500_000);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.write(batch("small"));
      wal.write(batch(big, "mid"), batch(bigger));
      wal.write(batch("after"));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      List<ReplayReport> reports = new ArrayList<>();
      assertThat(replayAll(wal, reports)).containsExactly("small", big, "mid", bigger, "after");
      assertThat(reports.get(0).truncated()).isFalse();
    }
  }

  @Test
  void tornTailAndGarbageAreCutAndReportedNotFatal() throws IOException {
    Path seg;
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.write(batch("first", "second"));
      wal.write(batch("third-record-that-gets-torn"));
      seg = wal.segments().firstEntry().getValue();
    }
    long size = Files.size(seg);
    try (var ch = java.nio.channels.FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(size - 5);
      ch.position(size - 5);
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}));
    }
    long goodEnd = 2L * WalBatch.HEADER + "first".length() + "second".length();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      List<ReplayReport> reports = new ArrayList<>();
      assertThat(replayAll(wal, reports)).containsExactly("first", "second");
      ReplayReport report = reports.get(0);
      assertThat(report.truncated()).isTrue();
      assertThat(report.corruptions().get(0).offset()).isEqualTo(goodEnd);
      assertThat(Files.size(seg)).isEqualTo(goodEnd);
      wal.write(batch("after-repair"));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      List<ReplayReport> reports = new ArrayList<>();
      assertThat(replayAll(wal, reports)).containsExactly("first", "second", "after-repair");
      assertThat(reports.get(0).truncated()).isFalse();
    }
  }

  @Test
  void flippedByteIsDetectedByChecksum() throws IOException {
    Path seg;
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      wal.write(batch("keep", "damaged"));
      seg = wal.segments().firstEntry().getValue();
    }
    byte[] bytes = Files.readAllBytes(seg);
    bytes[bytes.length - 1] ^= 0x40;
    Files.write(seg, bytes);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      List<ReplayReport> reports = new ArrayList<>();
      assertThat(replayAll(wal, reports)).containsExactly("keep");
      assertThat(reports.get(0).corruptions().get(0).reason()).contains("checksum");
    }
  }

  @Test
  void segmentsRollAtTheSizeLimitAndCheckpointReplacesOlderOnes() throws IOException {
    WalOptions small = WalOptions.defaults().withSegmentBytes(1024);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, small)) {
      for (int i = 0; i < 50; i++) {
        wal.write(batch("record-" + i + "-" + "x".repeat(80)));
      }
      assertThat(wal.segments()).hasSizeGreaterThan(3);
      int current = wal.currentSegment();
      wal.checkpoint(current, batch("condensed"));
      assertThat(wal.segments().keySet()).containsExactly(current);
      wal.write(batch("tail"));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, small)) {
      List<String> replayed = replayAll(wal, new ArrayList<>());
      assertThat(replayed.get(0)).isEqualTo("condensed");
      assertThat(replayed.get(replayed.size() - 1)).isEqualTo("tail");
      assertThat(replayed).noneMatch(r -> r.startsWith("record-0-"));
    }
  }
}
