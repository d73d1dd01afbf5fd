package org.liaison.hub;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.Supplier;
import org.liaison.store.Database;

/**
 * Settings that every hub instance sharing a database must agree on, such as signing keys: the
 * first instance to start stores its own, and every later one uses the stored value.
 */
final class SharedSettings {
  private SharedSettings() {}

  /**
   * The value stored under {@code name}, storing {@code mine} first if there is none. Secrets kept
   * here are as safe as the database: anyone who can read it can sign as the hub.
   */
  static String get(Database db, String name, Supplier<String> mine) {
    String stored = db.inTransaction(c -> read(c, name));
    if (stored != null) {
      return stored;
    }
    String value = mine.get();
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
        ps.setString(1, name);
        ps.setString(2, value);
        ps.executeUpdate();
      }
      return read(c, name);
    });
  }

  private static String read(java.sql.Connection c, String name) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
