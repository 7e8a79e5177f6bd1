package io.bongsu.app;

import io.bongsu.exposition.parse.ExpositionParseException;
import io.bongsu.metrics.ingest.backfill.Backfill;
import io.bongsu.metrics.tsdb.BlockWriter;
import io.bongsu.metrics.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bongsu import}: backfill, like {@code promtool tsdb create-blocks-from openmetrics}. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Backfill samples from an OpenMetrics (or text format) file into blocks.")
final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "The file; every sample needs a timestamp.")
  Path file;

  @Option(names = "--storage.tsdb.path", defaultValue = "data/metrics",
      description = "The TSDB directory to add blocks to (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    try (BlockWriter writer = BlockWriter.create(dataDir, TsdbOptions.defaults().blockRangeMillis())) {
      Backfill.Report r = Backfill.importFile(file, writer);
      if (r.samples() == 0) {
        System.out.println("no samples in " + file);
      } else {
        System.out.printf("imported %d samples of %d series into %d blocks, %s .. %s%n",
            r.samples(), r.series(), r.blocks(), Instant.ofEpochMilli(r.minTime()),
            Instant.ofEpochMilli(r.maxTime()));
      }
      return 0;
    } catch (ExpositionParseException e) {
      System.err.println("bongsu import: " + file + ": " + e.getMessage());
      return 1;
    }
  }
}
