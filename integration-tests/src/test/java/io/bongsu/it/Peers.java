package io.bongsu.it;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real peer programs (Debian's prometheus, promtool, node_exporter). A missing peer
 * skips the test on a developer's machine but fails it under CI, where .ci/run installs them.
 */
final class Peers {
  private Peers() {}

  static Path require(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String why = program + " is not installed (Debian package: see .ci/run)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
    throw new AssertionError(why);
  }
}
