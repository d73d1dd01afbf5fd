package org.liaison.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the fault tests keep the logs of the hubs and databases they ran: {@code
 * target/chaos-logs/<test>}, outside the temporary directories that JUnit deletes, so that a
 * failure in CI can be read afterwards.
 */
public final class ChaosLogs {
  private ChaosLogs() {}

  /** A fresh directory for {@code test}'s logs (emptied if a previous run left one). */
  public static Path dir(String test) {
    Path d = Path.of("target", "chaos-logs", test).toAbsolutePath();
    Os.deleteTree(d);
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d;
  }
}
