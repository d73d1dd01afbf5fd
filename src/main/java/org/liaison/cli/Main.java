package org.liaison.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
      AgreementCommand.class,
      KeysCommand.class,
      PhrasebookCommand.class,
      AdminCommand.class,
      PublishCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** The commands that read defaults from {@code --config FILE} and {@code LIAISON_*} variables. */
  static final List<String> CONFIGURABLE = List.of("hub", "node");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return run(System.getenv(), args);
  }

  /** Runs with {@code env} as the environment, whose {@code LIAISON_*} variables give defaults. */
  static int run(Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    Path config = ConfigDefaults.configArgument(args);
    for (String name : CONFIGURABLE) {
      CommandLine sub = cli.getSubcommands().get(name);
      try {
        // The file only applies to the command that is run; the others still read the environment.
        sub.setDefaultValueProvider(ConfigDefaults.load(sub.getCommandSpec(), env,
            args.length > 0 && args[0].equals(name) ? config : null));
      } catch (IllegalArgumentException e) {
        System.err.println("liaison " + name + ": " + e.getMessage());
        return 2;
      }
    }
    return cli.execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
