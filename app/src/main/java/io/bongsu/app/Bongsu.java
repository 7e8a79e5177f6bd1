package io.bongsu.app;

import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bongsu} command: one jar, one subcommand per role. */
@Command(
    name = "bongsu",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Bongsu: metrics, logs, traces and alerting in one process.",
    subcommands = {ServerCommand.class, AgentCommand.class, ImportCommand.class})
public final class Bongsu implements Runnable {
  private static final Logger ARMERIA_LOG = Logger.getLogger("com.linecorp.armeria");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format",
          "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    }
    // Armeria reports its feature flags at INFO on every start; Bongsu says what it serves itself.
    ARMERIA_LOG.setLevel(Level.WARNING);
    int code = new CommandLine(new Bongsu()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
