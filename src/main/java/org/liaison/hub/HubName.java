package org.liaison.hub;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import org.liaison.store.Database;

/**
 * The hub's name when {@code --name} is not given. A checkpoint's origin ({@code
 * liaison/<name>}) tells witnesses and verifiers which log it belongs to, so two hubs must not
 * share one by default: the first start generates {@code <host>-<8 hex digits>} and stores it
 * with the data (the database's settings), and every later start, and every instance sharing a
 * PostgreSQL database, reuses it.
 */
final class HubName {
  /** The name every hub had before names were generated; kept for data directories it signed. */
  static final String LEGACY = "hub";
  private static final String SETTING = "ledger_name";

  private HubName() {}

  /** {@code given} if not null, else the stored name, else a new unique one (stored). */
  static String resolve(String given, Database db, Path dataDir) {
    if (given != null) {
      return given;
    }
    return SharedSettings.get(db, SETTING, () -> {
      // A data directory whose ledger was signed before names were generated keeps its origin.
      if (!db.isPostgres() && Files.exists(dataDir.resolve("ledger-key.pem"))) {
        return LEGACY;
      }
      return generate();
    });
  }

  static String generate() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return host() + "-" + HexFormat.of().formatHex(b);
  }

  /** The host name, reduced to what a note's key name may hold; "hub" when there is none. */
  private static String host() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        h = null;
      }
    }
    String clean = h == null ? "" : h.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "");
    return clean.isEmpty() ? LEGACY : clean;
  }
}
