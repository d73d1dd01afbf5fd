package org.liaison.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.liaison.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Play a day of deconfliction in a shared airspace: an embedded hub, a node per party, channels and the ledger.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "liaison-data/demo", description = "Where the databases and the report go; emptied first (default: ./${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--seed", description = "Seed of the day's operations (default: the scenario's).")
  Long seed;

  @Option(names = "--speed", defaultValue = "1200", description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}: a day in 72 s).")
  double speed;

  @Option(names = {"--parties", "--scenario"}, description = "Scenario file (JSON): parties, channels, operations, restrictions, events. Default: the built-in day over the Levant.")
  Path scenario;

  @Option(names = "--port", defaultValue = "8082", description = "Hub port; any free port if taken (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--exit", description = "Exit when the day is played: 0 if every check passed, 1 otherwise.")
  boolean exit;

  @Override
  public Integer call() throws Exception {
    if (!(speed > 0) || speed > 100_000) {
      System.err.println("liaison demo: --speed " + speed + " must be in (0, 100000]");
      return 2;
    }
    Demo demo;
    try {
      demo = Demo.start(new Demo.Options(data, seed, speed, scenario, port), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("liaison demo: " + e.getMessage());
      return 2;
    }
    boolean passed;
    try {
      passed = demo.play();
    } catch (Exception e) {
      demo.close();
      throw e;
    }
    System.out.println(passed ? "Every check of the day passed." : "Some checks FAILED (see above).");
    if (exit) {
      demo.close();
      return passed ? 0 : 1;
    }
    System.out.println("Console: " + demo.hubUrl() + "/console/  (Ctrl-C to stop)");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stop.countDown();
    }));
    stop.await();
    return passed ? 0 : 1;
  }
}
