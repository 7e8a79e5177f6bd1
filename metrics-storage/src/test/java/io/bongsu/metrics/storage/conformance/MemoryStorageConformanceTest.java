package io.bongsu.metrics.storage.conformance;

import io.bongsu.metrics.storage.Storage;
import io.bongsu.metrics.storage.testing.MemoryStorage;

class MemoryStorageConformanceTest extends StorageConformanceTest {
  @Override
  protected Storage newStorage() {
    return new MemoryStorage();
  }
}
