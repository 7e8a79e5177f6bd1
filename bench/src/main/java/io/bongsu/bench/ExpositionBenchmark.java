package io.bongsu.bench;

import io.bongsu.common.labels.Labels;
import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.parse.ExpositionParser;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing a node_exporter-sized text body (about 1,000 series with HELP and TYPE lines, built from
 * eight of the harness's hosts); scores are per body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExpositionBenchmark {
  byte[] body;
  private final Labels.Builder builder = new Labels.Builder();

  @Setup
  public void setUp() {
    body = nodeExporterBody(8);
  }

  static byte[] nodeExporterBody(int hosts) {
    StringBuilder sb = new StringBuilder();
    Set<String> families = new HashSet<>();
    for (int h = 0; h < hosts; h++) {
      Dataset.Target t = new Dataset.Target(Dataset.TargetKind.NODE, h, 1, 15_000, 0);
      String[][] labels = t.labels(0);
      double[] values = t.scrape();
      for (int i = 0; i < labels.length; i++) {
        String[] l = labels[i];
        if (families.add(l[1])) {
          sb.append("# HELP ").append(l[1]).append(" Synthetic ").append(l[1]).append(".\n");
          sb.append("# TYPE ").append(l[1]).append(l[1].endsWith("_total") ? " counter\n"
              : " gauge\n");
        }
        sb.append(l[1]).append('{');
        for (int j = 2; j < l.length; j += 2) {
          sb.append(j > 2 ? "," : "").append(l[j]).append("=\"").append(l[j + 1]).append('"');
        }
        sb.append("} ").append(String.format(Locale.ROOT, "%s", values[i])).append('\n');
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Tokenising only: names, values, label positions. */
  @Benchmark
  public double parse() {
    ExpositionParser p = new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, body);
    double sum = 0;
    for (ExpositionParser.Entry e = p.next(); e != null; e = p.next()) {
      if (e == ExpositionParser.Entry.SERIES) {
        sum += p.value() + p.labelCount();
      }
    }
    return sum;
  }

  /** Parsing plus building each series' {@link Labels}, as a scrape without a series cache does. */
  @Benchmark
  public int parseWithLabels() {
    ExpositionParser p = new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, body);
    int n = 0;
    for (ExpositionParser.Entry e = p.next(); e != null; e = p.next()) {
      if (e == ExpositionParser.Entry.SERIES) {
        n += p.labels(builder.reset()).build().size();
      }
    }
    return n;
  }
}
