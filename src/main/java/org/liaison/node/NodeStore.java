package org.liaison.node;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.liaison.store.Database;

/** The node's tables: its plans and restrictions, the notification outbox, the picture, reports. */
final class NodeStore {
  private final Database db;

  NodeStore(Database db) {
    this.db = db;
  }

  Database db() {
    return db;
  }

  // ---------------------------------------------------------------- documents by id

  List<String> all(String table) {
    return db.inTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM " + table + " ORDER BY updated_ms");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  static void put(Connection c, String table, UUID id, String doc, long nowMs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, doc, updated_ms) VALUES (?, ?, ?) "
        + "ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, updated_ms = excluded.updated_ms")) {
      ps.setString(1, id.toString());
      ps.setString(2, doc);
      ps.setLong(3, nowMs);
      ps.executeUpdate();
    }
  }

  // ---------------------------------------------------------------- outbox

  enum Status { pending, delivered, failed }

  /** A notification to deliver, as queued. */
  record Outgoing(String kind, UUID entityId, String url, String body) {}

  /** A notification and where its delivery stands. */
  record Delivery(long id, String kind, UUID entityId, String url, String body, Status status, int attempts,
      long nextAttemptMs, long createdMs, long updatedMs, Long deliveredMs, Integer lastStatus, String lastError,
      String hubReport) {}

  static List<Long> enqueue(Connection c, List<Outgoing> out, long nowMs) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO outbox (kind, entity_id, url, body, status, attempts, next_attempt_ms, created_ms, updated_ms) "
            + "VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      for (Outgoing o : out) {
        ps.setString(1, o.kind());
        ps.setString(2, o.entityId().toString());
        ps.setString(3, o.url());
        ps.setString(4, o.body());
        ps.setLong(5, nowMs);
        ps.setLong(6, nowMs);
        ps.setLong(7, nowMs);
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private static final String DELIVERY_COLUMNS = "id, kind, entity_id, url, body, status, attempts, next_attempt_ms, "
      + "created_ms, updated_ms, delivered_ms, last_status, last_error, hub_report";

  /** A pending delivery with no older pending one to the same peer about the same entity. */
  private static final String FIRST_IN_LINE = "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.status = 'pending'"
      + " AND o.entity_id = outbox.entity_id AND o.url = outbox.url AND o.id < outbox.id)";

  List<Delivery> due(long nowMs, int limit) {
    // One notification per entity and peer at a time, oldest first: sent together, or a newer one
    // sent while an older one waits to be retried, a newer version can reach the peer first, and
    // the peer then refuses the older one for good (ASTM's 409), so it would be retried until given up.
    return deliveries("WHERE status = 'pending' AND next_attempt_ms <= ? AND " + FIRST_IN_LINE
        + " ORDER BY next_attempt_ms LIMIT ?", nowMs, limit);
  }

  /** The earliest next attempt of a pending delivery first in its line, or null when none is pending. */
  Long nextDue() {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(next_attempt_ms) FROM outbox WHERE status = 'pending' AND " + FIRST_IN_LINE);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? null : v;
      }
    });
  }

  /** How many notifications wait for a first or further attempt. */
  long pending() {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Deliveries, newest first; {@code status} null for all. */
  List<Delivery> deliveries(Status status, int limit) {
    return status == null
        ? deliveries("ORDER BY id DESC LIMIT ?", limit)
        : deliveries("WHERE status = ? ORDER BY id DESC LIMIT ?", status.name(), limit);
  }

  Delivery delivery(long id) {
    List<Delivery> d = deliveries("WHERE id = ?", id);
    return d.isEmpty() ? null : d.get(0);
  }

  private List<Delivery> deliveries(String where, Object... args) {
    return db.inTransaction(c -> {
      List<Delivery> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM outbox " + where)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Delivery(rs.getLong(1), rs.getString(2), UUID.fromString(rs.getString(3)), rs.getString(4),
                rs.getString(5), Status.valueOf(rs.getString(6)), rs.getInt(7), rs.getLong(8), rs.getLong(9),
                rs.getLong(10), longOrNull(rs, 11), intOrNull(rs, 12),
                rs.getString(13), rs.getString(14)));
          }
        }
      }
      return out;
    });
  }

  private static Long longOrNull(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Integer intOrNull(ResultSet rs, int col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  /** Records one attempt's outcome. */
  void attempted(long id, Status status, int attempts, long nextAttemptMs, long nowMs, Integer httpStatus, String error) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET status = ?, attempts = ?, next_attempt_ms = ?, "
          + "updated_ms = ?, delivered_ms = ?, last_status = ?, last_error = ? WHERE id = ?")) {
        ps.setString(1, status.name());
        ps.setInt(2, attempts);
        ps.setLong(3, nextAttemptMs);
        ps.setLong(4, nowMs);
        if (status == Status.delivered) {
          ps.setLong(5, nowMs);
        } else {
          ps.setNull(5, Types.BIGINT);
        }
        if (httpStatus == null) {
          ps.setNull(6, Types.INTEGER);
        } else {
          ps.setInt(6, httpStatus);
        }
        ps.setString(7, error);
        ps.setLong(8, id);
        ps.executeUpdate();
      }
      return null;
    });
  }

  void hubReport(long id, String text) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET hub_report = ? WHERE id = ?")) {
        ps.setString(1, text);
        ps.setLong(2, id);
        ps.executeUpdate();
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- picture

  /** What the node last heard about another party's operational intent or constraint. */
  record Seen(UUID id, String kind, String manager, long version, boolean deleted, String doc, long receivedMs) {}

  Seen seen(UUID id) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, kind, manager, version, deleted, doc, received_ms FROM picture WHERE id = ?")) {
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? seen(rs) : null;
        }
      }
    });
  }

  List<Seen> picture() {
    return db.inTransaction(c -> {
      List<Seen> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, kind, manager, version, deleted, doc, received_ms FROM picture WHERE deleted = 0 ORDER BY received_ms");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(seen(rs));
        }
      }
      return out;
    });
  }

  private static Seen seen(ResultSet rs) throws SQLException {
    return new Seen(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getLong(4),
        rs.getInt(5) != 0, rs.getString(6), rs.getLong(7));
  }

  /** Every entity ever notified, deleted ones included (they keep their manager and version). */
  List<Seen> everSeen() {
    return db.inTransaction(c -> {
      List<Seen> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, kind, manager, version, deleted, doc, received_ms FROM picture");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(seen(rs));
        }
      }
      return out;
    });
  }

  /** Stores {@code all} in one transaction, in order (a later one for the same id wins). */
  void see(List<Seen> all) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO picture (id, kind, manager, version, deleted, doc, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
              + "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, manager = excluded.manager, version = excluded.version, "
              + "deleted = excluded.deleted, doc = excluded.doc, received_ms = excluded.received_ms")) {
        for (Seen s : all) {
          ps.setString(1, s.id().toString());
          ps.setString(2, s.kind());
          ps.setString(3, s.manager());
          ps.setLong(4, s.version());
          ps.setInt(5, s.deleted() ? 1 : 0);
          ps.setString(6, s.doc());
          ps.setLong(7, s.receivedMs());
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- reports

  void saveReport(String id, String party, String doc, long nowMs) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO reports (id, party, doc, received_ms) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, party);
        ps.setString(3, doc);
        ps.setLong(4, nowMs);
        ps.executeUpdate();
      }
      return null;
    });
  }

  List<String> reports(int limit) {
    return db.inTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM reports ORDER BY received_ms DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  // ---------------------------------------------------------------- telemetry

  /** A stored position: the operation, its manager, when measured, the VehicleTelemetry. */
  record Position(UUID entityId, String manager, long measuredMs, String doc, long receivedMs) {}

  /** Keeps positions not yet stored (by measurement time); returns how many were new. */
  int addTelemetry(UUID entityId, String manager, List<Telemetry> positions, long nowMs) {
    return db.inTransaction(c -> {
      int added = 0;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO telemetry (entity_id, manager, measured_ms, doc, "
          + "received_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity_id, measured_ms) DO NOTHING")) {
        for (Telemetry t : positions) {
          ps.setString(1, entityId.toString());
          ps.setString(2, manager);
          ps.setLong(3, t.measured().toEpochMilli());
          ps.setString(4, t.doc().toString());
          ps.setLong(5, nowMs);
          added += ps.executeUpdate();
        }
      }
      return added;
    });
  }

  /** The operation's positions, newest first. */
  List<Position> track(UUID entityId, int limit) {
    return positions("WHERE entity_id = ? ORDER BY measured_ms DESC LIMIT ?", entityId.toString(), limit);
  }

  /** Every operation's newest positions, at most {@code perTrack} each, newest first. */
  List<Position> tracks(int perTrack) {
    return positions("t WHERE (SELECT COUNT(*) FROM telemetry n WHERE n.entity_id = t.entity_id "
        + "AND n.measured_ms > t.measured_ms) < ? ORDER BY entity_id, measured_ms DESC", perTrack);
  }

  private List<Position> positions(String where, Object... args) {
    return db.inTransaction(c -> {
      List<Position> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT entity_id, manager, measured_ms, doc, received_ms FROM telemetry " + where)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Position(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getLong(5)));
          }
        }
      }
      return out;
    });
  }

  /**
   * Records that {@code peer} reached {@code mark} for the operation now, unless it already had;
   * true when this is the first time.
   */
  boolean firstMark(UUID entityId, String peer, String mark, int status, long nowMs) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO telemetry_marks (entity_id, peer, mark, at_ms, status) "
          + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity_id, peer, mark) DO NOTHING")) {
        ps.setString(1, entityId.toString());
        ps.setString(2, peer);
        ps.setString(3, mark);
        ps.setLong(4, nowMs);
        ps.setInt(5, status);
        return ps.executeUpdate() == 1;
      }
    });
  }

  void markReport(UUID entityId, String peer, String mark, String hubReport) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE telemetry_marks SET hub_report = ? WHERE entity_id = ? AND peer = ? AND mark = ?")) {
        ps.setString(1, hubReport);
        ps.setString(2, entityId.toString());
        ps.setString(3, peer);
        ps.setString(4, mark);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** A first request or first answer, and the hub's report of it. */
  record Mark(UUID entityId, String peer, String mark, long atMs, int status, String hubReport) {}

  List<Mark> marks(UUID entityId) {
    return db.inTransaction(c -> {
      List<Mark> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT entity_id, peer, mark, at_ms, status, hub_report "
          + "FROM telemetry_marks WHERE entity_id = ? ORDER BY at_ms, peer, mark")) {
        ps.setString(1, entityId.toString());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Mark(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getInt(5), rs.getString(6)));
          }
        }
      }
      return out;
    });
  }
}
