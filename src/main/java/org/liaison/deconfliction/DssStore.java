package org.liaison.deconfliction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.ledger.Ledger;
import org.liaison.store.Database;

/** Reads and writes the reference tables; the same SQL serves SQLite and PostgreSQL. */
final class DssStore {
  record Snapshot(
      List<OperationalIntent> ois,
      List<Constraint> constraints,
      List<Subscription> subscriptions,
      List<PartyAvailability> availability) {}

  private final Database db;
  private final Ledger ledger;

  DssStore(Database db, Ledger ledger) {
    this.db = db;
    this.ledger = ledger;
  }

  Snapshot load() {
    return db.inTransaction(c -> new Snapshot(
        all(c, "operational_intents", Docs::oi),
        all(c, "constraint_refs", Docs::constraint),
        all(c, "subscriptions", Docs::subscription),
        all(c, "uss_availability", Docs::availability)));
  }

  private static <T> List<T> all(Connection c, String table, Function<String, T> parse)
      throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(parse.apply(rs.getString(1)));
      }
    }
    return out;
  }

  /**
   * Commits several changes and their ledger entries in one transaction (group commit). Entries
   * must be prepared ({@link Change#prepared}); receipts are signed by the caller afterwards.
   */
  Long[] commit(List<Change> changes) {
    Long[] indexes = db.inTransaction(c -> {
      Ledger.Prepared[] entries = new Ledger.Prepared[changes.size()];
      for (int i = 0; i < entries.length; i++) {
        apply(c, changes.get(i));
        entries[i] = changes.get(i).prepared;
      }
      return ledger.insert(c, entries);
    });
    ledger.nudge();
    return indexes;
  }

  private static void apply(Connection c, Change ch) throws SQLException {
    for (OperationalIntent oi : ch.putOis) {
      upsert(c, "operational_intents", "id", oi.id().toString(), Docs.oi(oi));
    }
    for (UUID id : ch.deleteOis) {
      delete(c, "operational_intents", "id", id.toString());
    }
    for (Constraint k : ch.putConstraints) {
      upsert(c, "constraint_refs", "id", k.id().toString(), Docs.constraint(k));
    }
    for (UUID id : ch.deleteConstraints) {
      delete(c, "constraint_refs", "id", id.toString());
    }
    for (Subscription s : ch.putSubscriptions) {
      upsert(c, "subscriptions", "id", s.id().toString(), Docs.subscription(s));
    }
    for (UUID id : ch.deleteSubscriptions) {
      delete(c, "subscriptions", "id", id.toString());
    }
    for (PartyAvailability a : ch.putAvailability) {
      upsert(c, "uss_availability", "party", a.party(), Docs.availability(a));
    }
  }

  private static void upsert(Connection c, String table, String key, String id, String doc)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + table + " (" + key + ", doc) VALUES (?, ?) ON CONFLICT (" + key
            + ") DO UPDATE SET doc = excluded.doc")) {
      ps.setString(1, id);
      ps.setString(2, doc);
      ps.executeUpdate();
    }
  }

  private static void delete(Connection c, String table, String key, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + key + " = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  void saveReport(String id, String party, String doc) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO reports (id, party, doc) VALUES (?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, party);
        ps.setString(3, doc);
        ps.executeUpdate();
      }
      return null;
    });
  }
}
