package io.bongsu.app;

import io.bongsu.agent.AgentOptions;
import io.bongsu.agent.http.AgentServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bongsu agent}: the host collector alone, a drop-in for node_exporter. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Expose this host's metrics on /metrics, as node_exporter does.")
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--web.listen-address", defaultValue = AgentOptions.DEFAULT_LISTEN_ADDRESS,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Option(names = "--path.procfs", defaultValue = "/proc", description = "procfs mount point.")
  Path procfs;

  @Option(names = "--path.sysfs", defaultValue = "/sys", description = "sysfs mount point.")
  Path sysfs;

  @Option(names = "--path.rootfs", defaultValue = "/", description = "Root of the host's filesystems.")
  Path rootfs;

  @Option(names = "--collector.textfile.directory",
      description = "Directory of *.prom files to expose as well.")
  Path textfileDirectory;

  static AgentOptions options(String listen, Path proc, Path sys, Path root, Path textfile) {
    return AgentOptions.defaults().withListenAddress(listen).withProcPath(proc)
        .withSysPath(sys).withRootPath(root).withTextfileDirectory(textfile);
  }

  @Override
  public Integer call() throws Exception {
    AgentServer server = AgentServer.start(options(listenAddress, procfs, sysfs, rootfs, textfileDirectory));
    System.err.println("bongsu agent: listening on " + server.address());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "bongsu-agent-shutdown"));
    stopped.await();
    return 0;
  }
}
