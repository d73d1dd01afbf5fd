package org.liaison.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code liaison} command line: a thin layer over the library. */
@Command(
    name = "liaison",
    mixinStandardHelpOptions = true,
    version = "liaison 0.1.0",
    description = "Standing channels and deconfliction for parties that share an airspace but not a command.",
    subcommands = {
      DemoCommand.class,
      HubCommand.class,
      NodeCommand.class,
      PlanCommand.class,
      TokenCommand.class,
      BenchCommand.class,
      LedgerCommand.class,
      ChannelCommand.class,
      AdminCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
