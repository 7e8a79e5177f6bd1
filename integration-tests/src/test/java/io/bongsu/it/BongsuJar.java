package io.bongsu.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded jar the app module built earlier in the same reactor run. */
final class BongsuJar {
  private BongsuJar() {}

  static Path path() {
    Path jar = Path.of("..", "app", "target", "bongsu.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the jar first (./mvnw package): " + jar);
    }
    return jar;
  }
}
