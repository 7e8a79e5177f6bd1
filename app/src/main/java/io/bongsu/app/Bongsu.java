package io.bongsu.app;

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
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
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
