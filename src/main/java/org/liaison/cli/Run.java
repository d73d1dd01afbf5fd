package org.liaison.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one way a subcommand runs its body: output to the command line's writers, and an expected
 * failure reported as one line, {@code liaison <command>: <message>}, with the command's exit code
 * for it, never as a stack trace.
 */
final class Run {
  /** A subcommand's work: what it prints, and its exit code. */
  interface Body {
    int run(PrintWriter out, PrintWriter err) throws Exception;
  }

  private Run() {}

  /**
   * Runs {@code body}; an exception of one of the {@code expected} kinds becomes one line on
   * standard error and {@code failed}. Anything else is a bug and propagates.
   */
  static int run(CommandSpec spec, int failed, List<Class<? extends Exception>> expected, Body body) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.run(out, err);
    } catch (Exception e) {
      if (expected.stream().anyMatch(k -> k.isInstance(e))) {
        err.println(spec.qualifiedName() + ": " + e.getMessage());
        return failed;
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(spec.qualifiedName() + ": " + e.getMessage(), e);
    }
  }
}
