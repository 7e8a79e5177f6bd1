package io.bongsu.agent.node;

import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.MetricType;
import io.bongsu.exposition.parse.ExpositionParseException;
import io.bongsu.exposition.parse.ExpositionParser;
import io.bongsu.exposition.write.Sample;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The textfile collector: merges every {@code *.prom} file (text format) of a directory into the
 * scrape, as node_exporter does for metrics written by cron jobs. A file that cannot be read or
 * parsed, or that carries timestamps, is skipped whole and turns {@code node_textfile_scrape_error}
 * to 1; the other files still count.
 */
public final class TextfileCollector implements NodeCollector {
  private static final Logger LOG = Logger.getLogger(TextfileCollector.class.getName());

  @Override
  public String name() {
    return "textfile";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path dir = ctx.textfileDirectory();
    boolean error = false;
    if (dir != null) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.prom")) {
        stream.forEach(files::add);
      } catch (IOException e) {
        LOG.warning(() -> "textfile directory " + dir + " unreadable: " + e.getMessage());
        error = true;
      }
      files.sort(null);
      for (Path file : files) {
        try {
          List<Parsed> parsed = parse(file);
          for (Parsed p : parsed) {
            out.addSample(p.type, p.family, p.help, p.sample);
          }
          out.gauge("node_textfile_mtime_seconds", "Unixtime mtime of textfiles successfully read.",
              Files.getLastModifiedTime(file).toMillis() / 1000.0, "file", file.toString());
        } catch (IOException | ExpositionParseException | IllegalArgumentException e) {
          LOG.warning(() -> "textfile " + file + " skipped: " + e.getMessage());
          error = true;
        }
      }
    }
    out.gauge("node_textfile_scrape_error",
        "1 if there was an error opening or reading a file, 0 otherwise", error ? 1 : 0);
  }

  private record Parsed(MetricType type, String family, String help, Sample sample) {}

  /** Parses a whole file before any of it is used, so a broken file adds nothing. */
  private static List<Parsed> parse(Path file) throws IOException {
    byte[] body = Files.readAllBytes(file);
    ExpositionParser p = new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, body);
    Map<String, MetricType> types = new HashMap<>();
    Map<String, String> helps = new HashMap<>();
    List<Parsed> out = new ArrayList<>();
    ExpositionParser.Entry e;
    while ((e = p.next()) != null) {
      switch (e) {
        case TYPE -> types.put(p.metricName(), p.type());
        case HELP -> helps.put(p.metricName(), p.text());
        case SERIES -> {
          if (p.hasTimestamp()) {
            throw new ExpositionParseException(p.line(),
                "client-side timestamps are not supported in textfiles");
          }
          String name = p.metricName();
          String family = familyOf(name, types);
          String[] labels = new String[2 * p.labelCount()];
          for (int i = 0; i < p.labelCount(); i++) {
            labels[2 * i] = p.labelName(i);
            labels[2 * i + 1] = p.labelValue(i);
          }
          MetricType type = types.getOrDefault(family, MetricType.UNKNOWN);
          String help = helps.getOrDefault(family, "Metric read from " + file);
          out.add(new Parsed(type, family, help,
              Sample.withSuffix(name.substring(family.length()), p.value(), labels)));
        }
        default -> { }
      }
    }
    return out;
  }

  /** A histogram's or summary's _bucket, _sum and _count lines belong to its family. */
  private static String familyOf(String name, Map<String, MetricType> types) {
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        MetricType t = types.get(base);
        if (t == MetricType.HISTOGRAM || (t == MetricType.SUMMARY && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return name;
  }
}
