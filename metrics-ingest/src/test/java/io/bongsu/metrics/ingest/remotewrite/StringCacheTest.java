package io.bongsu.metrics.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;

class StringCacheTest {
  @Test
  void returnsTheSameInstanceForRepeatedBytes() {
    StringCache cache = new StringCache(64);
    byte[] a = "xxinstancexx".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "instance".getBytes(StandardCharsets.US_ASCII);

    String first = cache.ascii(a, 2, 8);
    String second = cache.ascii(b, 0, 8);

    assertThat(first).isEqualTo("instance").isSameAs(second);
  }

  @Property(tries = 2000)
  void alwaysGivesTheRightTextEvenWhenSlotsCollide(
      @ForAll @CharRange(from = 0, to = 127) String x,
      @ForAll @CharRange(from = 0, to = 127) String y) {
    StringCache tiny = new StringCache(1);
    byte[] bx = x.getBytes(StandardCharsets.US_ASCII);
    byte[] by = y.getBytes(StandardCharsets.US_ASCII);
    assertThat(tiny.ascii(bx, 0, bx.length)).isEqualTo(x);
    assertThat(tiny.ascii(by, 0, by.length)).isEqualTo(y);
    assertThat(tiny.ascii(bx, 0, bx.length)).isEqualTo(x);
  }
}
