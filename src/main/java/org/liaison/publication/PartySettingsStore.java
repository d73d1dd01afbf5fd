package org.liaison.publication;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.liaison.store.Database;

/**
 * Each party's {@link PartySettings}, kept in the hub's {@code settings} table (so every instance
 * sharing a database reads them, within {@link #REREAD}), or only in memory when there is no
 * database.
 */
final class PartySettingsStore {
  static final Duration REREAD = Duration.ofSeconds(5);
  private static final String PREFIX = "publication.party.";

  private final Database db;
  private final Clock clock;
  private Map<String, PartySettings> cache = new HashMap<>();
  private Instant readAt = Instant.MIN;

  PartySettingsStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  static PartySettingsStore inMemory(Clock clock) {
    return new PartySettingsStore(null, clock);
  }

  synchronized PartySettings get(String party) {
    reread();
    return cache.getOrDefault(party, PartySettings.DEFAULTS);
  }

  /** A view for one refresh: at most one database read. */
  synchronized Map<String, PartySettings> all() {
    reread();
    return Map.copyOf(cache);
  }

  synchronized void put(String party, PartySettings s) {
    if (db != null) {
      db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
          ps.setString(1, PREFIX + party);
          ps.setString(2, s.toJson().toString());
          ps.executeUpdate();
        }
        return null;
      });
    }
    cache.put(party, s);
  }

  private void reread() {
    if (db == null || clock.instant().isBefore(readAt.plus(REREAD))) {
      return;
    }
    cache = db.inTransaction(c -> {
      Map<String, PartySettings> m = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, value FROM settings WHERE name LIKE ?")) {
        ps.setString(1, PREFIX + "%");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            m.put(rs.getString(1).substring(PREFIX.length()), PartySettings.fromJson(rs.getString(2)));
          }
        }
      }
      return m;
    });
    readAt = clock.instant();
  }
}
