package org.liaison.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liaison.http.Json;

/**
 * The SQL of channels, parties, messages and deliveries. Every method runs in the caller's
 * transaction; the same statements serve SQLite and PostgreSQL.
 */
final class ChannelStore {
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

  // ------------------------------------------------------------------ parties

  private static final String PARTY_COLUMNS = "party, display_name, base_url, public_key, language,"
      + " heartbeat_interval_ms, last_heartbeat_ms, silent_since_ms, announced_availability, unresponsive_since_ms";

  /** Adds a directory entry with defaults unless the party has one. */
  void ensureParty(Connection c, String party, String language, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO channel_parties (party, language, heartbeat_interval_ms, announced_availability, updated_ms)"
            + " VALUES (?, ?, ?, 'Unknown', ?) ON CONFLICT (party) DO NOTHING")) {
      ps.setString(1, party);
      ps.setString(2, language);
      ps.setLong(3, DEFAULT_HEARTBEAT.toMillis());
      ps.setLong(4, now.toEpochMilli());
      ps.executeUpdate();
    }
  }

  Party party(Connection c, String party) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + PARTY_COLUMNS + " FROM channel_parties WHERE party = ?")) {
      ps.setString(1, party);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? party(rs) : null;
      }
    }
  }

  List<Party> parties(Connection c) throws SQLException {
    List<Party> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + PARTY_COLUMNS + " FROM channel_parties ORDER BY party");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(party(rs));
      }
    }
    return out;
  }

  private static Party party(ResultSet rs) throws SQLException {
    return new Party(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        Duration.ofMillis(rs.getLong(6)), instant(rs, 7), instant(rs, 8), rs.getString(9), instant(rs, 10));
  }

  void updateDirectory(Connection c, Party p, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channel_parties SET display_name = ?, base_url = ?, public_key = ?, language = ?,"
            + " heartbeat_interval_ms = ?, updated_ms = ? WHERE party = ?")) {
      ps.setString(1, p.displayName());
      ps.setString(2, p.baseUrl());
      ps.setString(3, p.publicKey());
      ps.setString(4, p.language());
      ps.setLong(5, p.heartbeatInterval().toMillis());
      ps.setLong(6, now.toEpochMilli());
      ps.setString(7, p.id());
      ps.executeUpdate();
    }
  }

  void heartbeat(Connection c, String party, Instant now, Duration interval) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channel_parties SET last_heartbeat_ms = ?, heartbeat_interval_ms = ?, silent_since_ms = NULL"
            + " WHERE party = ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, interval.toMillis());
      ps.setString(3, party);
      ps.executeUpdate();
    }
  }

  /** Parties whose last heartbeat is older than their interval and that are not yet declared silent. */
  List<String> overdueHeartbeats(Connection c, Instant now) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT party FROM channel_parties WHERE last_heartbeat_ms IS NOT NULL AND silent_since_ms IS NULL"
            + " AND last_heartbeat_ms + heartbeat_interval_ms < ? ORDER BY party")) {
      ps.setLong(1, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  void setSilent(Connection c, String party, Instant since) throws SQLException {
    update(c, "UPDATE channel_parties SET silent_since_ms = ? WHERE party = ?", since, party);
  }

  void setUnresponsive(Connection c, String party, Instant since) throws SQLException {
    update(c, "UPDATE channel_parties SET unresponsive_since_ms = ? WHERE party = ?", since, party);
  }

  void setAnnouncedAvailability(Connection c, String party, String availability) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channel_parties SET announced_availability = ? WHERE party = ?")) {
      ps.setString(1, availability);
      ps.setString(2, party);
      ps.executeUpdate();
    }
  }

  // ------------------------------------------------------------------ channels and members

  private static final String CHANNEL_COLUMNS =
      "id, name, kind, escalation, created_by, created_ms, suspended_by, suspended_ms, last_seq, encryption";
  private static final int CHANNEL_COUNT = CHANNEL_COLUMNS.split(", ").length;

  void insertChannel(Connection c, Channel ch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO channels (" + CHANNEL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, ch.id());
      ps.setString(2, ch.name());
      ps.setString(3, ch.kind().wire);
      ps.setString(4, ch.escalation().wire);
      ps.setString(5, ch.createdBy());
      ps.setLong(6, ch.created().toEpochMilli());
      ps.setString(7, null);
      ps.setNull(8, Types.BIGINT);
      ps.setLong(9, 0);
      ps.setString(10, ch.encryption().wire);
      ps.executeUpdate();
    }
  }

  Channel channel(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? channel(rs) : null;
      }
    }
  }

  /** The channels {@code party} is a member of now, oldest first. */
  List<Channel> channelsOf(Connection c, String party) throws SQLException {
    List<Channel> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed("ch.", CHANNEL_COLUMNS)
        + " FROM channels ch JOIN channel_memberships m ON m.channel_id = ch.id"
        + " WHERE m.party = ? AND m.left_ms IS NULL ORDER BY ch.created_ms, ch.id")) {
      ps.setString(1, party);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(channel(rs));
        }
      }
    }
    return out;
  }

  private static Channel channel(ResultSet rs) throws SQLException {
    return new Channel(rs.getString(1), rs.getString(2), Channel.Kind.parse(rs.getString(3), "stored kind"),
        Channel.Policy.parse(rs.getString(4), "stored escalation"), rs.getString(5),
        Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), instant(rs, 8), rs.getLong(9),
        Channel.Encryption.parse(rs.getString(10), "stored encryption"));
  }

  /** Takes the channel's next message sequence number. */
  long nextSeq(Connection c, String channelId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channels SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq")) {
      ps.setString(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void setSuspended(Connection c, String channelId, String by, Instant since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channels SET suspended_by = ?, suspended_ms = ? WHERE id = ?")) {
      ps.setString(1, by);
      setLong(ps, 2, ms(since));
      ps.setString(3, channelId);
      ps.executeUpdate();
    }
  }

  /** The channel and {@code party}'s current membership of it, in one query; null if either is missing. */
  Core.Access access(Connection c, String channelId, String party) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed("ch.", CHANNEL_COLUMNS)
        + ", m.party, m.joined_ms, m.from_seq, m.added_by FROM channels ch JOIN channel_memberships m"
        + " ON m.channel_id = ch.id WHERE ch.id = ? AND m.party = ? AND m.left_ms IS NULL")) {
      ps.setString(1, channelId);
      ps.setString(2, party);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        int k = CHANNEL_COUNT;
        return new Core.Access(channel(rs), new Member(rs.getString(k + 1), Instant.ofEpochMilli(rs.getLong(k + 2)),
            rs.getLong(k + 3), rs.getString(k + 4)));
      }
    }
  }

  /** {@code party}'s current membership of the channel, or null. */
  Member member(Connection c, String channelId, String party) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT party, joined_ms, from_seq, added_by FROM channel_memberships"
            + " WHERE channel_id = ? AND party = ? AND left_ms IS NULL")) {
      ps.setString(1, channelId);
      ps.setString(2, party);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? member(rs) : null;
      }
    }
  }

  /** The current members, in the order they joined. */
  List<Member> members(Connection c, String channelId) throws SQLException {
    List<Member> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT party, joined_ms, from_seq, added_by FROM channel_memberships"
            + " WHERE channel_id = ? AND left_ms IS NULL"
            + " ORDER BY joined_event, CASE WHEN party = added_by THEN 0 ELSE 1 END, party")) {
      ps.setString(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(member(rs));
        }
      }
    }
    return out;
  }

  /** The parties that consented to channel {@code channelId} carrying plain text, in name order. */
  List<String> plainConsents(Connection c, String channelId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT party FROM channel_plain_consents WHERE channel_id = ? ORDER BY party")) {
      ps.setString(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  void insertPlainConsent(Connection c, String channelId, String party, Instant at, JsonNode statement,
      String signature) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_plain_consents"
        + " (channel_id, party, consented_ms, statement, signature) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, channelId);
      ps.setString(2, party);
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, statement == null ? null : statement.toString());
      ps.setString(5, signature);
      ps.executeUpdate();
    }
  }

  private static Member member(ResultSet rs) throws SQLException {
    return new Member(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getLong(3), rs.getString(4));
  }

  void join(Connection c, String channelId, Member m, long joinedEvent) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO channel_memberships (channel_id, party, joined_event, joined_ms, from_seq, added_by)"
            + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, channelId);
      ps.setString(2, m.party());
      ps.setLong(3, joinedEvent);
      ps.setLong(4, m.joined().toEpochMilli());
      ps.setLong(5, m.fromSeq());
      ps.setString(6, m.addedBy());
      ps.executeUpdate();
    }
  }

  void leave(Connection c, String channelId, String party, String by, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channel_memberships SET left_ms = ?, removed_by = ?"
            + " WHERE channel_id = ? AND party = ? AND left_ms IS NULL")) {
      ps.setLong(1, at.toEpochMilli());
      ps.setString(2, by);
      ps.setString(3, channelId);
      ps.setString(4, party);
      ps.executeUpdate();
    }
  }

  // ------------------------------------------------------------------ messages

  private static final String MESSAGE_COLUMNS = "id, channel_id, seq, sender, client_id, request_sha256,"
      + " priority, body, phrase_type, phrase_params, notices, ack_deadline_ms, posted_ms, receipt,"
      + " content_sha256, content, signature, sealed, posted_by";

  void insertMessage(Connection c, Message m) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_messages (" + MESSAGE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, m.id());
      ps.setString(2, m.channelId());
      ps.setLong(3, m.seq());
      ps.setString(4, m.sender());
      ps.setString(5, m.clientId());
      ps.setString(6, m.requestSha256());
      ps.setString(7, m.priority().wire);
      ps.setString(8, m.text());
      ps.setString(9, m.phraseType());
      ps.setString(10, m.phraseParams() == null ? null : m.phraseParams().toString());
      ps.setString(11, Json.MAPPER.valueToTree(m.notices()).toString());
      setLong(ps, 12, ms(m.ackDeadline()));
      ps.setLong(13, m.posted().toEpochMilli());
      ps.setString(14, m.proof().json().toString());
      ps.setString(15, m.contentSha256());
      ps.setString(16, m.content() == null ? null : m.content().toString());
      ps.setString(17, m.signature() == null ? null : m.signature().toString());
      ps.setString(18, m.sealed() == null ? null : m.sealed().toString());
      ps.setString(19, m.postedByHub() ? "hub" : null);
      ps.executeUpdate();
    }
  }

  Message messageByClientId(Connection c, String channelId, String sender, String clientId) throws SQLException {
    List<Message> l = messages(c, "channel_id = ? AND sender = ? AND client_id = ?", channelId, sender, clientId);
    return l.isEmpty() ? null : l.get(0);
  }

  Message message(Connection c, String id) throws SQLException {
    List<Message> l = messages(c, "id = ?", id);
    return l.isEmpty() ? null : l.get(0);
  }

  /** Messages of a channel with {@code seq >= fromSeq} and {@code seq > after}, in order. */
  List<Message> page(Connection c, String channelId, long fromSeq, long after, int limit) throws SQLException {
    return messages(c, "channel_id = ? AND seq >= ? AND seq > ? ORDER BY seq LIMIT " + limit,
        channelId, fromSeq, after);
  }

  Map<String, Message> messagesById(Connection c, Collection<String> ids) throws SQLException {
    Map<String, Message> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (Message m : messages(c, "id IN (" + placeholders(ids.size()) + ")", ids.toArray())) {
      out.put(m.id(), m);
    }
    return out;
  }

  private List<Message> messages(Connection c, String where, Object... args) throws SQLException {
    List<Message> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + MESSAGE_COLUMNS + " FROM channel_messages WHERE " + where)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String params = rs.getString(10);
          List<String> notices = new ArrayList<>();
          json(rs.getString(11)).forEach(n -> notices.add(n.asText()));
          out.add(new Message(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
              rs.getString(6), Priority.parse(rs.getString(7), "stored priority"), rs.getString(8),
              rs.getString(9), params == null ? null : json(params), notices, instant(rs, 12),
              Instant.ofEpochMilli(rs.getLong(13)), Proof.parse(rs.getString(14)), rs.getString(15),
              nullableJson(rs.getString(16)), nullableJson(rs.getString(17)),
              nullableJson(rs.getString(18)), "hub".equals(rs.getString(19))));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ deliveries

  private static final String DELIVERY_COLUMNS = "message_id, recipient, state, sent_ms, delivered_ms, read_ms,"
      + " acknowledged_ms, reply, ack_receipt, ack_deadline_ms, escalated_ms";

  void insertDeliveries(Connection c, List<Delivery> ds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_deliveries (" + DELIVERY_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Delivery d : ds) {
        deliveryValues(ps, d);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void deliveryValues(PreparedStatement ps, Delivery d) throws SQLException {
    ps.setString(1, d.messageId());
    ps.setString(2, d.recipient());
    ps.setString(3, d.state().wire);
    ps.setLong(4, d.sent().toEpochMilli());
    setLong(ps, 5, ms(d.delivered()));
    setLong(ps, 6, ms(d.read()));
    setLong(ps, 7, ms(d.acknowledged()));
    ps.setString(8, d.reply());
    ps.setString(9, d.ackProof() == null ? null : d.ackProof().json().toString());
    setLong(ps, 10, ms(d.ackDeadline()));
    setLong(ps, 11, ms(d.escalated()));
  }

  void updateDelivery(Connection c, Delivery d) throws SQLException {
    updateDeliveries(c, List.of(d));
  }

  void updateDeliveries(Connection c, List<Delivery> ds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channel_deliveries SET state = ?, delivered_ms = ?, read_ms = ?, acknowledged_ms = ?, reply = ?,"
            + " ack_receipt = ?, escalated_ms = ? WHERE message_id = ? AND recipient = ?")) {
      for (Delivery d : ds) {
        ps.setString(1, d.state().wire);
        setLong(ps, 2, ms(d.delivered()));
        setLong(ps, 3, ms(d.read()));
        setLong(ps, 4, ms(d.acknowledged()));
        ps.setString(5, d.reply());
        ps.setString(6, d.ackProof() == null ? null : d.ackProof().json().toString());
        setLong(ps, 7, ms(d.escalated()));
        ps.setString(8, d.messageId());
        ps.setString(9, d.recipient());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  Delivery delivery(Connection c, String messageId, String recipient) throws SQLException {
    List<Delivery> l = deliveries(c, "message_id = ? AND recipient = ?", messageId, recipient);
    return l.isEmpty() ? null : l.get(0);
  }

  /** The deliveries of each message, recipients in name order. */
  Map<String, List<Delivery>> deliveriesOf(Connection c, Collection<String> messageIds) throws SQLException {
    Map<String, List<Delivery>> out = new LinkedHashMap<>();
    if (messageIds.isEmpty()) {
      return out;
    }
    for (Delivery d : deliveries(c, "message_id IN (" + placeholders(messageIds.size()) + ") ORDER BY recipient",
        messageIds.toArray())) {
      out.computeIfAbsent(d.messageId(), k -> new ArrayList<>()).add(d);
    }
    return out;
  }

  /** Unacknowledged, unescalated deliveries whose deadline is at or before {@code now}. */
  List<Delivery> due(Connection c, Instant now, int limit) throws SQLException {
    return deliveries(c, "acknowledged_ms IS NULL AND escalated_ms IS NULL AND ack_deadline_ms IS NOT NULL"
        + " AND ack_deadline_ms <= ? ORDER BY ack_deadline_ms, message_id, recipient LIMIT " + limit, now.toEpochMilli());
  }

  /**
   * Unacknowledged deliveries of messages on {@code channelId}, to one of {@code recipients}, whose
   * deadline is at or before {@code deadlineBy}, for which step {@code step} of chain {@code chain}
   * has not been taken.
   */
  List<Delivery> chainDue(Connection c, String channelId, List<String> recipients, String chain, int step,
      Instant deadlineBy, int limit) throws SQLException {
    if (recipients.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>();
    args.add(channelId);
    args.addAll(recipients);
    args.add(deadlineBy.toEpochMilli());
    args.add(chain);
    args.add(Long.valueOf(step));
    return deliveries(c, "message_id IN (SELECT id FROM channel_messages WHERE channel_id = ?)"
        + " AND recipient IN (" + placeholders(recipients.size()) + ") AND acknowledged_ms IS NULL"
        + " AND ack_deadline_ms IS NOT NULL AND ack_deadline_ms <= ? AND NOT EXISTS (SELECT 1 FROM channel_chain_steps s"
        + " WHERE s.message_id = channel_deliveries.message_id AND s.recipient = channel_deliveries.recipient"
        + " AND s.chain = ? AND s.step = ?) ORDER BY ack_deadline_ms, message_id, recipient LIMIT " + limit,
        args.toArray());
  }

  void chainStepTaken(Connection c, Delivery d, String chain, int step, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO channel_chain_steps (message_id, recipient, chain, step, fired_ms) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, d.messageId());
      ps.setString(2, d.recipient());
      ps.setString(3, chain);
      ps.setInt(4, step);
      ps.setLong(5, now.toEpochMilli());
      ps.executeUpdate();
    }
  }

  /** Whether {@code party} still has an escalated delivery it has not acknowledged. */
  boolean hasOverdue(Connection c, String party) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM channel_deliveries WHERE recipient = ? AND escalated_ms IS NOT NULL"
            + " AND acknowledged_ms IS NULL LIMIT 1")) {
      ps.setString(1, party);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private List<Delivery> deliveries(Connection c, String where, Object... args) throws SQLException {
    List<Delivery> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + DELIVERY_COLUMNS + " FROM channel_deliveries WHERE " + where)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String receipt = rs.getString(9);
          out.add(new Delivery(rs.getString(1), rs.getString(2), DeliveryState.fromWire(rs.getString(3)),
              Instant.ofEpochMilli(rs.getLong(4)), instant(rs, 5), instant(rs, 6), instant(rs, 7),
              rs.getString(8), Proof.parse(receipt), instant(rs, 10), instant(rs, 11)));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers

  private static void update(Connection c, String sql, Instant t, String party) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setLong(ps, 1, ms(t));
      ps.setString(2, party);
      ps.executeUpdate();
    }
  }

  static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Long l) {
        ps.setLong(i + 1, l);
      } else {
        ps.setString(i + 1, (String) args[i]);
      }
    }
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static String prefixed(String prefix, String columns) {
    return prefix + columns.replace(", ", ", " + prefix);
  }

  private static JsonNode nullableJson(String s) {
    return s == null ? null : json(s);
  }

  private static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is malformed: " + e.getOriginalMessage(), e);
    }
  }

  /** Epoch milliseconds of {@code t}, or null for a column left empty. */
  private static Long ms(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }
}
