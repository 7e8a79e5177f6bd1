package io.bongsu.common.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class WalTruncationPropertyTest {
  @Property(tries = 200)
  void anyCutAndGarbageKeepsExactlyTheWholeRecordsBeforeIt(
      @ForAll @Size(min = 1, max = 30) List<@Size(min = 1, max = 200) byte[]> records,
      @ForAll @IntRange(min = 0, max = 10_000) int cutAt,
      @ForAll @Size(max = 40) byte[] garbage) throws IOException {
    Path dir = Files.createTempDirectory("wal-prop");
    try {
      Path seg;
      List<Long> ends = new ArrayList<>();
      long end = 0;
      try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
        for (byte[] r : records) {
          WalBatch b = new WalBatch();
          b.addRecord(r, 0, r.length);
          wal.write(b);
          end += WalBatch.HEADER + r.length;
          ends.add(end);
        }
        seg = wal.segments().firstEntry().getValue();
      }
      long cut = Math.min(cutAt, end);
      byte[] original = Files.readAllBytes(seg);
      // Garbage that happens to repeat the bytes it replaces restores them.
      int same = 0;
      while (same < garbage.length && cut + same < original.length
          && garbage[same] == original[(int) cut + same]) {
        same++;
      }
      long intact = cut + same;
      try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
        ch.truncate(cut);
        ch.position(cut);
        ch.write(ByteBuffer.wrap(garbage));
      }
      int whole = 0;
      while (whole < ends.size() && ends.get(whole) <= intact) {
        whole++;
      }
      List<byte[]> replayed = new ArrayList<>();
      ReplayReport report;
      try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
        report = wal.replay((s, p) -> {
          byte[] b = new byte[p.remaining()];
          p.get(b);
          replayed.add(b);
        });
      }
      assertThat(replayed).hasSize(whole);
      for (int i = 0; i < whole; i++) {
        assertThat(replayed.get(i)).isEqualTo(records.get(i));
      }
      long goodEnd = whole == 0 ? 0 : ends.get(whole - 1);
      assertThat(report.truncated()).isEqualTo(cut + garbage.length != goodEnd);
      assertThat(Files.size(seg)).isEqualTo(goodEnd);
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
