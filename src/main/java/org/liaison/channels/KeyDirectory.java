package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.liaison.errors.ApiException;
import org.liaison.keys.KeyHistory;
import org.liaison.keys.PublicKeys;
import org.liaison.keys.Statement;

/**
 * Parties' published keys (key transparency) and the check of every signed statement against
 * them.
 *
 * <p>A party publishes its public keys with a {@code keys.publish} statement signed by the key it
 * publishes; publishing another key rotates (the old one stays valid for what was recorded while
 * it was current); a {@code keys.revoke} statement signed by the key ends it. Each is a ledger
 * entry carrying the party's statement and signature, so {@link KeyHistory} can replay and check
 * the whole history from the ledger alone.
 *
 * <p>The rule for statements: a party with a current key must sign every statement it makes, with
 * that key; a party without one is recorded as before, hub-attested only.
 */
final class KeyDirectory {
  /** How far a statement's own time may differ from the hub's clock, by default. */
  static final Duration SKEW = Duration.ofMinutes(5);
  private static final Set<String> SIGNED_BODY = Set.of("statement", "signature");
  private static final Set<String> SIGNATURE_FIELDS = Set.of("key_id", "time", "value");

  private final Core core;
  private volatile Duration skew = SKEW;

  KeyDirectory(Core core) {
    this.core = core;
  }

  /** A key period as the hub keeps it. */
  record Row(PublicKeys keys, Instant published, Instant ended, String endedBy, Proof receipt) {}

  /** The outcome of a publication or revocation; {@code changed} is false for a repeat. */
  record Changed(Row row, boolean changed) {}

  /** A statement that verified, and its signature, for the ledger entry. */
  record Signed(Statement statement, String signature) {
    ObjectNode json() {
      ObjectNode n = Views.JSON.objectNode();
      n.set("statement", statement.body());
      n.put("signature", signature);
      return n;
    }
  }

  Optional<PublicKeys> current(String party) {
    return core.read(c -> Optional.ofNullable(current(c, party)).map(Row::keys));
  }

  List<Row> history(String party) {
    return core.read(c -> rows(c, party));
  }

  Changed publish(String caller, String party, JsonNode body) {
    requireSelf(caller, party);
    Fields.object(body, "body");
    Fields.onlyKnown(body, "body", SIGNED_BODY);
    Statement s = statement(Statement.Type.KEYS_PUBLISH, body, party);
    PublicKeys keys;
    try {
      keys = PublicKeys.fromBase64(party, Fields.text(s.body(), "ed25519", "statement"),
          Fields.text(s.body(), "x25519", "statement"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("statement.%s", e.getMessage());
    }
    if (!keys.keyId().equals(s.keyId())) {
      throw ApiException.badRequest("statement.key_id \"%s\" is not the id of the keys it publishes (%s)",
          Fields.truncate(s.keyId()), keys.keyId());
    }
    String signature = Fields.text(body, "signature", "body");
    if (!s.verify(keys.ed25519(), signature)) {
      throw ApiException.forbidden("signature does not verify: the keys.publish statement must be signed by the key "
          + "it publishes (%s)", keys.keyId());
    }
    String previous = Fields.optionalText(s.body(), "previous_key_id", "statement");
    return core.write(c -> {
      Instant now = core.now();
      requireFresh(s, now, "statement.time");
      Row cur = current(c, party);
      Row same = row(c, party, keys.keyId());
      if (cur != null && same != null && cur.keys().keyId().equals(keys.keyId())) {
        return new Changed(cur, false);
      }
      if (same != null) {
        throw ApiException.conflict("key %s of %s was %s at %s; a key is never published again", keys.keyId(), party,
            same.endedBy(), same.ended());
      }
      String curId = cur == null ? null : cur.keys().keyId();
      if (!java.util.Objects.equals(previous, curId)) {
        throw ApiException.conflict("statement.previous_key_id %s is not %s's current key (%s)",
            previous == null ? "null" : "\"" + Fields.truncate(previous) + "\"", party, curId == null ? "none" : curId);
      }
      Proof receipt = core.record(c, KeyHistory.PUBLISH, caller, now, e -> {
        e.put("subject", party).put("key_id", keys.keyId()).put("ed25519", keys.ed25519Base64())
            .put("x25519", keys.x25519Base64()).put("previous_key_id", curId);
        e.set("statement", s.body());
        e.put("signature", signature);
      });
      if (cur != null) {
        end(c, party, curId, now, "rotated");
      }
      Row row = new Row(keys, now, null, null, receipt);
      insert(c, row);
      ObjectNode payload = Views.JSON.objectNode().put("party", party).put("change", "keys").put("key_id", keys.keyId())
          .put("previous_key_id", curId);
      payload.set("receipt", Views.proof(receipt));
      core.event(c, "party", null, null, now, payload, List.of(EventLog.EVERYONE));
      return new Changed(row, true);
    });
  }

  Changed revoke(String caller, String party, String keyId, JsonNode body) {
    requireSelf(caller, party);
    Fields.object(body, "body");
    Fields.onlyKnown(body, "body", SIGNED_BODY);
    Statement s = statement(Statement.Type.KEYS_REVOKE, body, party);
    if (!s.keyId().equals(keyId)) {
      throw ApiException.badRequest("statement.key_id \"%s\" is not the key %s the path names",
          Fields.truncate(s.keyId()), Fields.truncate(keyId));
    }
    String signature = Fields.text(body, "signature", "body");
    String reason = Fields.optionalText(s.body(), "reason", "statement");
    return core.write(c -> {
      Instant now = core.now();
      Row row = row(c, party, keyId);
      if (row == null) {
        throw ApiException.notFound("%s has published no key %s", party, Fields.truncate(keyId));
      }
      if (!s.verify(row.keys().ed25519(), signature)) {
        throw ApiException.forbidden("signature does not verify: a keys.revoke statement must be signed by the key it "
            + "revokes (%s)", keyId);
      }
      if ("revoked".equals(row.endedBy())) {
        return new Changed(row, false);
      }
      requireFresh(s, now, "statement.time");
      Proof receipt = core.record(c, KeyHistory.REVOKE, caller, now, e -> {
        e.put("subject", party).put("key_id", keyId).put("reason", reason);
        e.set("statement", s.body());
        e.put("signature", signature);
      });
      // A rotated key keeps the end of its period: what it signed before the rotation stays valid.
      Instant ended = row.ended() != null ? row.ended() : now;
      end(c, party, keyId, ended, "revoked");
      ObjectNode payload = Views.JSON.objectNode().put("party", party).put("change", "keys").put("revoked_key_id", keyId);
      payload.set("receipt", Views.proof(receipt));
      core.event(c, "party", null, null, now, payload, List.of(EventLog.EVERYONE));
      return new Changed(new Row(row.keys(), row.published(), ended, "revoked", row.receipt()), true);
    });
  }

  /**
   * Checks the {@code signature} field of a request ({@code {"key_id", "time", "value"}}) as the
   * signature of {@code caller}'s statement of {@code type} with {@code fields}. Returns null when
   * there is no signature and the caller has no key (hub-attested only). Runs outside the writer;
   * the writer calls {@link #stillCurrent} before recording.
   */
  Signed verify(String caller, Statement.Type type, ObjectNode fields, JsonNode signature) {
    Row cur = core.read(c -> current(c, caller));
    if (signature == null || signature.isNull()) {
      if (cur != null) {
        throw ApiException.badRequest("signature is missing: %s has published key %s and must sign its %s statements",
            caller, cur.keys().keyId(), type.wire);
      }
      return null;
    }
    Fields.object(signature, "signature");
    Fields.onlyKnown(signature, "signature", SIGNATURE_FIELDS);
    String keyId = Fields.text(signature, "key_id", "signature");
    Instant time = Fields.instant(Fields.text(signature, "time", "signature"), "signature.time");
    String value = Fields.text(signature, "value", "signature");
    if (cur == null || !cur.keys().keyId().equals(keyId)) {
      throw ApiException.forbidden("signature.key_id \"%s\" is not a current key of %s (%s)", Fields.truncate(keyId),
          caller, cur == null ? "it has none" : "its current key is " + cur.keys().keyId());
    }
    requireFresh(time, core.now(), "signature.time");
    Statement s = Statement.of(type, caller, time, keyId);
    s.body().setAll(fields);
    if (!s.verify(cur.keys().ed25519(), value)) {
      throw ApiException.forbidden("signature.value does not verify as %s's %s statement %s", caller, type.wire,
          Fields.truncate(s.body().toString()));
    }
    return new Signed(s, value);
  }

  /** Refuses a statement whose key was rotated or revoked since {@link #verify} checked it. */
  void stillCurrent(Connection c, Signed signed) throws SQLException {
    if (signed == null) {
      return;
    }
    Row cur = current(c, signed.statement().party());
    if (cur == null || !cur.keys().keyId().equals(signed.statement().keyId())) {
      throw ApiException.forbidden("signature.key_id \"%s\" stopped being %s's current key", signed.statement().keyId(),
          signed.statement().party());
    }
  }

  /** True when {@code party} has a current key, so its deliveries wait for its own signed statement. */
  boolean hasKey(Connection c, String party) throws SQLException {
    return current(c, party) != null;
  }

  private Statement statement(Statement.Type type, JsonNode body, String party) {
    JsonNode n = body.get("statement");
    Fields.object(n, "statement");
    String t = Fields.text(n, "type", "statement");
    if (!t.equals(type.wire)) {
      throw ApiException.badRequest("statement.type \"%s\" must be \"%s\" here", Fields.truncate(t), type.wire);
    }
    String p = Fields.text(n, "party", "statement");
    if (!p.equals(party)) {
      throw ApiException.forbidden("statement.party \"%s\" is not %s", Fields.truncate(p), party);
    }
    Fields.text(n, "key_id", "statement");
    Fields.instant(Fields.text(n, "time", "statement"), "statement.time");
    return Statement.parse(type, n);
  }

  void skew(Duration d) {
    skew = d;
  }

  private void requireFresh(Statement s, Instant now, String path) {
    requireFresh(Instant.parse(s.time()), now, path);
  }

  private void requireFresh(Instant t, Instant now, String path) {
    Duration max = skew;
    if (Duration.between(t, now).abs().compareTo(max) > 0) {
      throw ApiException.badRequest("%s %s is more than %d minutes from the hub's clock (%s)", path, t,
          max.toMinutes(), now);
    }
  }

  private static void requireSelf(String caller, String party) {
    if (!caller.equals(party)) {
      throw ApiException.forbidden("you are %s; you may not publish or revoke the keys of %s", caller,
          Fields.truncate(party));
    }
  }

  // ------------------------------------------------------------------ SQL

  private static final String COLUMNS = "party, key_id, ed25519, x25519, published_ms, ended_ms, ended_by, receipt";

  private static Row current(Connection c, String party) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM party_keys WHERE party = ? AND ended_ms IS NULL")) {
      ps.setString(1, party);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private static Row row(Connection c, String party, String keyId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM party_keys WHERE party = ? AND key_id = ?")) {
      ps.setString(1, party);
      ps.setString(2, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private static List<Row> rows(Connection c, String party) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM party_keys WHERE party = ? ORDER BY ordinal")) {
      ps.setString(1, party);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return out;
  }

  private static Row row(ResultSet rs) throws SQLException {
    long ended = rs.getLong("ended_ms");
    Instant end = rs.wasNull() ? null : Instant.ofEpochMilli(ended);
    return new Row(PublicKeys.fromBase64(rs.getString("party"), rs.getString("ed25519"), rs.getString("x25519")),
        Instant.ofEpochMilli(rs.getLong("published_ms")), end, rs.getString("ended_by"), Proof.parse(rs.getString("receipt")));
  }

  private static void insert(Connection c, Row r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO party_keys (" + COLUMNS + ", ordinal) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?,"
            + " (SELECT COUNT(*) + 1 FROM party_keys WHERE party = ?))")) {
      ps.setString(1, r.keys().party());
      ps.setString(2, r.keys().keyId());
      ps.setString(3, r.keys().ed25519Base64());
      ps.setString(4, r.keys().x25519Base64());
      ps.setLong(5, r.published().toEpochMilli());
      ps.setString(6, r.receipt().json().toString());
      ps.setString(7, r.keys().party());
      ps.executeUpdate();
    }
  }

  private static void end(Connection c, String party, String keyId, Instant now, String how) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE party_keys SET ended_ms = ?, ended_by = ? WHERE party = ? AND key_id = ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setString(2, how);
      ps.setString(3, party);
      ps.setString(4, keyId);
      ps.executeUpdate();
    }
  }
}
