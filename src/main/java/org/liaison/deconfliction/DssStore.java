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
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Receipt;
import org.liaison.store.Database;

/** Reads and writes the reference tables; the same SQL serves SQLite and PostgreSQL. */
final class DssStore {
  /** The stored state; {@code logHead} is the last shared-log change it includes (0 for one instance). */
  record Snapshot(
      List<OperationalIntent> ois,
      List<Constraint> constraints,
      List<Subscription> subscriptions,
      List<PartyAvailability> availability,
      long logHead) {}

  /**
   * Names a state of the database for a {@link SnapshotFile}: the schema's migration rank and
   * the last ledger entry. Every change to the reference tables records a ledger entry in the same
   * transaction, and entries are never removed or their numbers reused, so two states with the
   * same fingerprint hold the same references.
   */
  record Fingerprint(long schema, long ledgerSeq, String ledgerLeaf) {}

  /** A change in the shared log, numbered in commit order. */
  record Logged(long seq, String doc) {}

  /** Lock stripes: rows of {@code dss_stripes}. */
  static final int STRIPES = 4096;
  /** Stored documents parsed in parallel at a time, at start. */
  private static final int PARSE_CHUNK = 4096;

  private final Database db;
  private final LedgerEntries ledger;
  /** Whether hub instances share the database through the change log (many instances). */
  private final boolean shared;

  DssStore(Database db, LedgerEntries ledger, boolean shared) {
    this.db = db;
    this.ledger = ledger;
    this.shared = shared;
  }

  Snapshot load() {
    return db.inTransaction(this::load);
  }

  /** The stored state as of one snapshot: call in a SERIALIZABLE (or REPEATABLE READ) transaction. */
  Snapshot load(Connection c) throws SQLException {
    return new Snapshot(
        all(c, "operational_intents", Docs::oi),
        all(c, "constraint_refs", Docs::constraint),
        all(c, "subscriptions", Docs::subscription),
        all(c, "uss_availability", Docs::availability),
        shared ? logHead(c) : 0);
  }

  /** The database's {@link Fingerprint} now. */
  Fingerprint fingerprint() {
    return db.inTransaction(c -> {
      long schema;
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(installed_rank) FROM flyway_schema_history");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        schema = rs.getLong(1);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT seq, leaf_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1");
          ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Fingerprint(schema, rs.getLong(1), java.util.HexFormat.of().formatHex(rs.getBytes(2)))
            : new Fingerprint(schema, 0, "");
      }
    });
  }

  private static long logHead(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM dss_log_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Every document of {@code table}, parsed. Parsing is most of the time a start over many stored
   * references takes, so it runs on every core, a chunk of rows at a time, keeping their order.
   */
  private static <T> List<T> all(Connection c, String table, Function<String, T> parse)
      throws SQLException {
    List<T> out = new ArrayList<>();
    List<String> chunk = new ArrayList<>(PARSE_CHUNK);
    try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        chunk.add(rs.getString(1));
        if (chunk.size() == PARSE_CHUNK) {
          out.addAll(chunk.parallelStream().map(parse).toList());
          chunk.clear();
        }
      }
    }
    out.addAll(chunk.parallelStream().map(parse).toList());
    return out;
  }

  /**
   * Commits several changes and their ledger entries in one transaction (group commit). Entries
   * must be prepared ({@link Change#prepared}); each caller takes its receipt from its {@link
   * Ledger.Recorded} afterwards.
   */
  List<Ledger.Recorded> commit(List<Change> changes) {
    return db.inTransaction(c -> {
      List<Ledger.Prepared> entries = new ArrayList<>(changes.size());
      for (Change ch : changes) {
        apply(c, ch);
        entries.add(ch.prepared);
      }
      return ledger.record(c, entries);
    });
  }

  /**
   * Writes prepared changes and their ledger entries inside the caller's transaction (many
   * instances, one batch); the changes touch disjoint rows.
   */
  List<Ledger.Recorded> write(Connection c, List<Change> changes) throws SQLException {
    Rows rows = new Rows();
    List<Ledger.Prepared> entries = new ArrayList<>(changes.size());
    for (Change ch : changes) {
      ch.putOis.forEach(oi -> rows.upsert("operational_intents", "id", oi.id().toString(), Docs.oi(oi)));
      ch.deleteOis.forEach(id -> rows.delete("operational_intents", "id", id.toString()));
      ch.putConstraints.forEach(k -> rows.upsert("constraint_refs", "id", k.id().toString(), Docs.constraint(k)));
      ch.deleteConstraints.forEach(id -> rows.delete("constraint_refs", "id", id.toString()));
      ch.putSubscriptions.forEach(x -> rows.upsert("subscriptions", "id", x.id().toString(), Docs.subscription(x)));
      ch.deleteSubscriptions.forEach(id -> rows.delete("subscriptions", "id", id.toString()));
      ch.putAvailability.forEach(a -> rows.upsert("uss_availability", "party", a.party(), Docs.availability(a)));
      entries.add(ch.prepared);
    }
    rows.run(c);
    return ledger.record(c, entries);
  }

  /**
   * A batch's row writes, one JDBC batch (one round trip) per statement. Only for changes that
   * touch disjoint rows, as a batch of the many-instance engine does (same id, same stripe): the
   * statements then commute, and grouping them by table does not change the outcome.
   */
  private static final class Rows {
    private final java.util.Map<String, List<String[]>> batches = new java.util.LinkedHashMap<>();

    void upsert(String table, String key, String id, String doc) {
      String sql = "INSERT INTO " + table + " (" + key + ", doc) VALUES (?, ?) ON CONFLICT (" + key
          + ") DO UPDATE SET doc = excluded.doc";
      batches.computeIfAbsent(sql, x -> new ArrayList<>()).add(new String[] {id, doc});
    }

    void delete(String table, String key, String id) {
      String sql = "DELETE FROM " + table + " WHERE " + key + " = ?";
      batches.computeIfAbsent(sql, x -> new ArrayList<>()).add(new String[] {id});
    }

    void run(Connection c) throws SQLException {
      for (var b : batches.entrySet()) {
        try (PreparedStatement ps = c.prepareStatement(b.getKey())) {
          for (String[] args : b.getValue()) {
            for (int i = 0; i < args.length; i++) {
              ps.setString(i + 1, args[i]);
            }
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
    }
  }

  /**
   * Locks stripes in ascending order. Rows already held by this transaction are passed over at
   * once; a deadlock with a writer that locked in another round is detected by the database and
   * the transaction retried.
   */
  void lock(Connection c, java.util.SortedSet<Integer> stripes) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT stripe FROM dss_stripes WHERE stripe = ANY (?) ORDER BY stripe FOR UPDATE")) {
      ps.setArray(1, c.createArrayOf("integer", stripes.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // locking is the point
        }
      }
    }
  }

  /**
   * Takes the next {@code changes.size()} numbers of the shared log in one update of its head and
   * appends the changes under them, in order; returns the first. The head row stays locked until
   * commit, so numbers commit in order and a reader never sees a gap; call this last in the
   * transaction to hold that lock briefly. One update per batch, so instances serialize once per
   * batch, not once per write.
   */
  long append(Connection c, List<Change> changes) throws SQLException {
    String[] docs = new String[changes.size()];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = Docs.change(changes.get(i)); // before the head is taken, to hold it briefly
    }
    long last;
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE dss_log_head SET seq = seq + ? WHERE id = 1 RETURNING seq")) {
      ps.setInt(1, docs.length);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        last = rs.getLong(1);
      }
    }
    long first = last - docs.length + 1;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO dss_changes (seq, doc) VALUES (?, ?)")) {
      for (int i = 0; i < docs.length; i++) {
        ps.setLong(1, first + i);
        ps.setString(2, docs[i]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return first;
  }

  /** Up to {@code limit} logged changes after {@code seq}, in order. */
  static List<Logged> since(Connection c, long seq, int limit) throws SQLException {
    List<Logged> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, doc FROM dss_changes WHERE seq > ? ORDER BY seq LIMIT " + limit)) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Logged(rs.getLong(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  /**
   * Drops logged changes older than {@code minutes}, always keeping the newest. An instance that
   * falls further behind than that reloads its state from the tables.
   */
  int prune(int minutes) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM dss_changes WHERE created_at < CURRENT_TIMESTAMP - (? * INTERVAL '1 minute')"
              + " AND seq < (SELECT seq FROM dss_log_head WHERE id = 1)")) {
        ps.setInt(1, minutes);
        return ps.executeUpdate();
      }
    });
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

  /** Stores a report and records it on the ledger (its hash, not its text) in one transaction. */
  Receipt saveReport(String id, String party, String doc, ObjectNode entry) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO reports (id, party, doc) VALUES (?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, party);
        ps.setString(3, doc);
        ps.executeUpdate();
      }
      return ledger.record(c, entry);
    }).receipt();
  }
}
