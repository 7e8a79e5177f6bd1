package io.bongsu.it;

import io.bongsu.app.ServerOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Options for a Bongsu server inside a test: loopback, free ports, its own data directory. */
final class TestServers {
  private TestServers() {}

  static ServerOptions options(Path dataDir) {
    ServerOptions d = ServerOptions.defaults();
    return new ServerOptions(null, dataDir.resolve("metrics"), "127.0.0.1:" + FreePort.next(),
        null, null, d.retentionTime(), d.retentionBytes(), d.outOfOrderWindow(),
        d.lookbackDelta(), d.queryTimeout(), d.queryMaxSamples(), null);
  }

  static String local(InetSocketAddress a) {
    return "127.0.0.1:" + a.getPort();
  }
}
