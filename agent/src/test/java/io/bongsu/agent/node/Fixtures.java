package io.bongsu.agent.node;

import io.bongsu.exposition.write.TextFormatWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The fixture host tree under src/test/resources/fixtures/host. */
public final class Fixtures {
  private Fixtures() {}

  public static Path host() {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/host").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static NodeContext context() {
    Path h = host();
    return new NodeContext(h.resolve("proc"), h.resolve("sys"), h.resolve("root"), h.resolve("udev"), null);
  }

  /** Runs one collector against the fixture tree and renders its output in text format 0.0.4. */
  public static String collect(NodeCollector c) throws Exception {
    MetricSet set = new MetricSet();
    c.collect(context(), set);
    return TextFormatWriter.INSTANCE.write(set.build());
  }

  public static List<String> lines(String text) {
    return text.lines().toList();
  }
}
