package io.bongsu.agent.node;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The textfile collector. Without a configured directory it reports no error, as node_exporter
 * does. Metric files in a configured directory are not yet merged (that needs the exposition
 * parser), so their presence is reported as a scrape error rather than silently ignored.
 */
public final class TextfileCollector implements NodeCollector {
  @Override
  public String name() {
    return "textfile";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path dir = ctx.textfileDirectory();
    boolean error = false;
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        error = true;
      } else {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.prom")) {
          error = files.iterator().hasNext();
        }
      }
    }
    out.gauge("node_textfile_scrape_error", "1 if there was an error opening or reading a file, 0 otherwise", error ? 1 : 0);
  }
}
