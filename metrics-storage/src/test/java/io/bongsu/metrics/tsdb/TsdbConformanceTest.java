package io.bongsu.metrics.tsdb;

import io.bongsu.metrics.storage.Storage;
import io.bongsu.metrics.storage.conformance.StorageConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

class TsdbConformanceTest {
  private static TsdbOptions options() {
    return TsdbOptions.defaults().withBlockRange(600_000).withBackgroundMaintenance(false);
  }

  @Nested
  class InHead extends StorageConformanceTest {
    @TempDir Path dir;

    @Override
    protected Storage newStorage() throws Exception {
      return Tsdb.open(dir, options());
    }
  }

  @Nested
  class AfterRestart extends StorageConformanceTest {
    @TempDir Path dir;

    @Override
    protected Storage newStorage() throws Exception {
      return Tsdb.open(dir, options());
    }

    @Override
    protected void afterWrites(Storage s) throws Exception {
      s.close();
      reopen(Tsdb.open(dir, options()));
    }
  }

  @Nested
  class InBlocksAndHead extends StorageConformanceTest {
    @TempDir Path dir;

    @Override
    protected Storage newStorage() throws Exception {
      return Tsdb.open(dir, options());
    }

    @Override
    protected void afterWrites(Storage s) throws Exception {
      ((Tsdb) s).maintain();
    }
  }

  @Nested
  class AllFlushedAndCompacted extends StorageConformanceTest {
    @TempDir Path dir;

    @Override
    protected Storage newStorage() throws Exception {
      return Tsdb.open(dir, options());
    }

    @Override
    protected void afterWrites(Storage s) throws Exception {
      Tsdb t = (Tsdb) s;
      t.flushHead();
      t.compact();
      s.close();
      reopen(Tsdb.open(dir, options()));
    }
  }
}
