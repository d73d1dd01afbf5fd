package org.liaison.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded PostgreSQL (io.zonky) every PostgreSQL test starts. Its bundled server runs as the
 * current user, root included (CI runs as root); when it cannot start, the test fails with one
 * message that says who we are and what to check, rather than with initdb's last line.
 */
public final class EmbeddedPg {
  private EmbeddedPg() {}

  public static EmbeddedPostgres start() throws IOException {
    try {
      return EmbeddedPostgres.start();
    } catch (IOException | RuntimeException e) {
      throw new IOException("embedded PostgreSQL did not start as " + whoAmI() + " (temporary directory "
          + System.getProperty("java.io.tmpdir") + "): it needs a writable, executable temporary directory"
          + " and, as root, a server that accepts root; the cause follows", e);
    }
  }

  private static String whoAmI() {
    String user = System.getProperty("user.name");
    try {
      Object uid = Files.getAttribute(Path.of(System.getProperty("java.io.tmpdir")), "unix:uid");
      return "user " + user + ", temporary directory owned by uid " + uid;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "user " + user;
    }
  }
}
