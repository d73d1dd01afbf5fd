package org.liaison.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the fault tests need from the operating system: whether we are root, and if so how to run a
 * program as an unprivileged account (PostgreSQL refuses root, and root ignores file permissions,
 * so a read-only data directory means nothing to it).
 */
final class Os {
  /** Accounts tried, in order, for work that must not run as root. */
  private static final List<String> UNPRIVILEGED = List.of("postgres", "nobody");

  private static volatile Boolean root;
  private static volatile String unprivileged;

  private Os() {}

  static boolean isRoot() {
    if (root == null) {
      try {
        Path probe = Files.createTempFile("liaison-uid", "");
        try {
          root = ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
        } finally {
          Files.delete(probe);
        }
      } catch (IOException | UnsupportedOperationException e) {
        root = "root".equals(System.getProperty("user.name"));
      }
    }
    return root;
  }

  /**
   * The account to run as: none (empty) when we are not root, else the first of {@code postgres}
   * and {@code nobody} that exists.
   */
  static Optional<String> unprivilegedUser() {
    if (!isRoot()) {
      return Optional.empty();
    }
    if (unprivileged != null) {
      return Optional.of(unprivileged);
    }
    for (String user : UNPRIVILEGED) {
      if (run(List.of("id", "-u", user), 10).exit() == 0) {
        unprivileged = user;
        return Optional.of(user);
      }
    }
    throw new IllegalStateException("running as root, but none of the accounts " + UNPRIVILEGED
        + " exists to run the database and hub as; create one, or run the tests as a normal user");
  }

  /** {@code command} as the unprivileged account, if we are root; needs {@code runuser} (util-linux). */
  static List<String> asUnprivileged(List<String> command) {
    Optional<String> user = unprivilegedUser();
    if (user.isEmpty()) {
      return command;
    }
    List<String> c = new ArrayList<>(List.of("runuser", "-u", user.get(), "--"));
    c.addAll(command);
    return c;
  }

  /** Hands {@code dir} and everything in it to the unprivileged account, if we are root. */
  static void giveAway(Path dir) {
    Optional<String> user = unprivilegedUser();
    if (user.isEmpty()) {
      return;
    }
    try {
      UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user.get());
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          Files.setOwner(p, owner);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + dir + " to " + user.get(), e);
    }
  }

  /** A fresh directory under the system temp dir that the unprivileged account can reach and own. */
  static Path sharedTempDir(String prefix) {
    try {
      Path d = Files.createTempDirectory(prefix);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
      giveAway(d);
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a tree, as far as it can; for cleanup. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
        try {
          p.toFile().setWritable(true);
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a leftover temp file is not worth failing a test over
        }
      });
    } catch (IOException ignored) {
      // same
    }
  }

  /** The result of a short command. */
  record Result(int exit, String output) {}

  /** Runs a short command to completion, output and errors together; exit -1 if it timed out. */
  static Result run(List<String> command, int timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      // These commands print little, but read on a thread all the same: a full pipe would block them.
      StringBuilder text = new StringBuilder();
      Thread reader = new Thread(() -> {
        try {
          text.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // the process died; what it printed so far is in text
        }
      });
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        reader.join(1000);
        return new Result(-1, command + " did not finish within " + timeoutSeconds + " s:\n" + text);
      }
      reader.join(5000);
      return new Result(p.exitValue(), text.toString());
    } catch (IOException e) {
      return new Result(127, "cannot run " + command + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  /** Runs a command that must succeed, failing with its output otherwise. */
  static String check(List<String> command, int timeoutSeconds) {
    Result r = run(command, timeoutSeconds);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + r.exit() + ":\n" + r.output());
    }
    return r.output();
  }
}
