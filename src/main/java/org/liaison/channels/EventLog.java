package org.liaison.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.liaison.errors.Values;
import org.liaison.http.Json;

/**
 * The event log that clients follow, with who may see each event.
 *
 * <p>Sequence numbers come from a counter row that the writing transaction updates, so the row
 * stays locked until commit: events become visible in sequence order, and a reader resuming after
 * N never skips an event that commits later with a smaller number. An increasing key alone would
 * not give that on PostgreSQL, where transactions may commit out of key order.
 */
final class EventLog {
  /** Audience entry meaning every party. */
  static final String EVERYONE = "*";

  /** The highest sequence appended by the transaction in progress, or 0; only the writer thread touches it. */
  private long appended;

  /** Starts a transaction's bookkeeping; called at the start of every attempt. */
  void begin() {
    appended = 0;
  }

  /** Forgets appends after {@code mark}: their write was rolled back to a savepoint. */
  void rewind(long mark) {
    appended = mark;
  }

  /** The highest sequence appended by the last transaction, 0 if none. */
  long appended() {
    return appended;
  }

  /** An event to append. */
  record New(String type, String channelId, String messageId, Instant time, ObjectNode payload,
      Collection<String> audience) {}

  long append(Connection c, String type, String channelId, String messageId, Instant time, ObjectNode payload,
      Collection<String> audience) throws SQLException {
    return appendAll(c, List.of(new New(type, channelId, messageId, time, payload, audience)));
  }

  /** Appends {@code events} in order, in three statements whatever their number; returns the last seq. */
  long appendAll(Connection c, List<New> events) throws SQLException {
    if (events.isEmpty()) {
      return appended;
    }
    long last;
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channel_counters SET value = value + ? WHERE name = 'events' RETURNING value")) {
      ps.setLong(1, events.size());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        last = rs.getLong(1);
      }
    }
    long first = last - events.size() + 1;
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO channel_events (seq, type, channel_id, message_id, time_ms, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < events.size(); i++) {
        New e = events.get(i);
        ps.setLong(1, first + i);
        ps.setString(2, e.type());
        ps.setString(3, e.channelId());
        ps.setString(4, e.messageId());
        ps.setLong(5, e.time().toEpochMilli());
        ps.setString(6, e.payload().toString());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO channel_event_audience (party, event_seq) VALUES (?, ?)")) {
      for (int i = 0; i < events.size(); i++) {
        for (String party : new LinkedHashSet<>(events.get(i).audience())) {
          ps.setString(1, party);
          ps.setLong(2, first + i);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
    appended = Math.max(appended, last);
    return last;
  }

  /** The latest committed sequence number. */
  long head(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM channel_counters WHERE name = 'events'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Events after {@code after} that {@code party} may see, oldest first, at most {@code limit}. */
  List<Event> visible(Connection c, String party, long after, int limit) throws SQLException {
    List<Event> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT e.seq, e.type, e.channel_id, e.message_id, e.time_ms, e.payload FROM channel_events e"
            + " WHERE e.seq > ? AND e.seq IN (SELECT a.event_seq FROM channel_event_audience a"
            + " WHERE a.party IN (?, ?) AND a.event_seq > ?) ORDER BY e.seq LIMIT " + limit)) {
      ps.setLong(1, after);
      ps.setString(2, party);
      ps.setString(3, EVERYONE);
      ps.setLong(4, after);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              Instant.ofEpochMilli(rs.getLong(5)), object(rs.getString(6))));
        }
      }
    }
    return out;
  }

  private static ObjectNode object(String s) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(s);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("stored event payload is not a JSON object: " + Values.truncate(s), e);
    }
  }
}
