package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.liaison.errors.ApiException;

/**
 * A validated request to post a message. {@code requestSha256} covers everything but the client
 * message id, so a retry is recognised and a reuse of the id for other content is refused.
 */
record PostRequest(
    String clientId,
    String text,
    Phrasebook.Type phrase,
    ObjectNode params,
    Priority priority,
    Long ackWithinSeconds,
    Instant ackDeadline,
    List<String> notices,
    List<String> to,
    ObjectNode sealed,
    String requestSha256) {

  /** Text larger than this many UTF-8 bytes gets 413. */
  static final int MAX_TEXT_BYTES = 64 * 1024;
  /** Safety-of-flight messages must be acknowledged within this unless the sender says otherwise. */
  static final Duration SAFETY_OF_FLIGHT_DEADLINE = Duration.ofMinutes(5);
  static final long MAX_ACK_WITHIN_SECONDS = Duration.ofDays(7).toSeconds();

  private static final Set<String> FIELDS = Set.of("client_message_id", "text", "phrase", "priority",
      "ack_within_seconds", "ack_deadline", "notices", "to", "sealed", "signature");

  static PostRequest parse(JsonNode body, Phrasebook phrasebook) {
    Fields.object(body, "body");
    Fields.onlyKnown(body, "body", FIELDS);
    String clientId = Fields.optionalText(body, "client_message_id", "");
    clientId = clientId == null ? UUID.randomUUID().toString() : Fields.clientId(clientId, "client_message_id");
    String text = Fields.optionalText(body, "text", "");
    if (text != null) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_TEXT_BYTES) {
        throw ApiException.tooLarge(
            "text is %d bytes of UTF-8; at most %d (64 KiB) are accepted", bytes, MAX_TEXT_BYTES);
      }
    }
    Phrasebook.Type type = null;
    ObjectNode params = null;
    JsonNode phrase = body.get("phrase");
    if (phrase != null && !phrase.isNull()) {
      Fields.object(phrase, "phrase");
      Fields.onlyKnown(phrase, "phrase", Set.of("type", "params"));
      type = phrasebook.type(Fields.text(phrase, "type", "phrase"), "phrase.type");
      params = phrasebook.validate(type, phrase.get("params"), "phrase.params");
    }
    ObjectNode sealed = null;
    JsonNode s = body.get("sealed");
    if (s != null && !s.isNull()) {
      if (text != null || type != null) {
        throw ApiException.badRequest("sealed is given beside %s; an encrypted message carries its text and phrase inside sealed",
            text != null ? "text" : "phrase");
      }
      sealed = sealed(s);
    } else if ((text == null || text.isEmpty()) && type == null) {
      throw ApiException.badRequest("a message needs text, a phrase, or both; neither was given");
    }
    String p = Fields.optionalText(body, "priority", "");
    Priority priority = p != null ? Priority.parse(p, "priority") : type != null ? type.priority() : Priority.ROUTINE;
    Long within = Fields.optionalLong(body, "ack_within_seconds", "", 1, MAX_ACK_WITHIN_SECONDS);
    Instant deadline = Fields.optionalInstant(body, "ack_deadline", "");
    if (within != null && deadline != null) {
      throw ApiException.badRequest("ack_within_seconds and ack_deadline are both given; give one");
    }
    List<String> notices = Fields.textArray(body, "notices", "", 100);
    for (int i = 0; i < notices.size(); i++) {
      notices.set(i, Fields.uuid(notices.get(i), "notices[" + i + "]"));
    }
    List<String> to = Fields.textArray(body, "to", "", 1000);
    for (int i = 0; i < to.size(); i++) {
      Fields.party(to.get(i), "to[" + i + "]");
    }
    to = List.copyOf(new java.util.LinkedHashSet<>(to));

    ObjectNode canonical = JsonNodeFactory.instance.objectNode();
    canonical.put("text", text);
    canonical.put("phrase_type", type == null ? null : type.name());
    canonical.set("phrase_params", params);
    canonical.set("sealed", sealed);
    canonical.put("priority", priority.wire);
    canonical.put("ack_within_seconds", within);
    canonical.put("ack_deadline", deadline == null ? null : deadline.toString());
    ArrayNode n = canonical.putArray("notices");
    notices.forEach(n::add);
    ArrayNode t = canonical.putArray("to");
    to.forEach(t::add);
    return new PostRequest(clientId, text, type, params, priority, within, deadline, List.copyOf(notices), to,
        sealed, Fields.sha256(canonical.toString()));
  }

  private static final Set<String> SEALED_FIELDS = Set.of("version", "suite", "nonce", "ciphertext", "keys");
  private static final Set<String> KEY_FIELDS = Set.of("party", "key_id", "enc", "wrapped_key");

  /**
   * Checks the shape of a sealed body (docs/channels.md): the hub cannot open it, but it refuses
   * what no recipient could open either, and keeps the size limit on the ciphertext.
   */
  private static ObjectNode sealed(JsonNode s) {
    Fields.object(s, "sealed");
    Fields.onlyKnown(s, "sealed", SEALED_FIELDS);
    String version = Fields.text(s, "version", "sealed");
    if (!Envelope.VERSION.equals(version)) {
      throw ApiException.badRequest("sealed.version \"%s\" is not %s", Fields.truncate(version), Envelope.VERSION);
    }
    String suite = Fields.text(s, "suite", "sealed");
    if (!Envelope.SUITE.equals(suite)) {
      throw ApiException.badRequest("sealed.suite \"%s\" is not %s", Fields.truncate(suite), Envelope.SUITE);
    }
    bytes(s, "nonce", "sealed.nonce", Envelope.NONCE_BYTES, Envelope.NONCE_BYTES);
    String ct = Fields.text(s, "ciphertext", "sealed");
    // base64 length bounds the decoded size: refuse a huge body before decoding it.
    if ((long) ct.length() * 3 / 4 > Envelope.MAX_CIPHERTEXT_BYTES + 2) {
      throw ApiException.tooLarge("sealed.ciphertext is about %d bytes; at most %d are accepted",
          (long) ct.length() * 3 / 4, Envelope.MAX_CIPHERTEXT_BYTES);
    }
    bytes(s, "ciphertext", "sealed.ciphertext", Envelope.TAG_BYTES, Envelope.MAX_CIPHERTEXT_BYTES);
    JsonNode keys = s.get("keys");
    if (keys == null || !keys.isArray() || keys.isEmpty()) {
      throw ApiException.badRequest("sealed.keys must be a non-empty array, one entry per party the content key is wrapped for");
    }
    if (keys.size() > 1001) {
      throw ApiException.badRequest("sealed.keys has %d entries; a channel has at most 1001 parties", keys.size());
    }
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      String path = "sealed.keys[" + i + "]";
      JsonNode k = keys.get(i);
      Fields.object(k, path);
      Fields.onlyKnown(k, path, KEY_FIELDS);
      String party = Fields.party(Fields.text(k, "party", path), path + ".party");
      if (!seen.add(party)) {
        throw ApiException.badRequest("%s.party \"%s\" is listed twice", path, party);
      }
      Fields.text(k, "key_id", path);
      bytes(k, "enc", path + ".enc", 32, 32);
      bytes(k, "wrapped_key", path + ".wrapped_key", Envelope.KEY_BYTES + Envelope.TAG_BYTES,
          Envelope.KEY_BYTES + Envelope.TAG_BYTES);
    }
    return (ObjectNode) s;
  }

  private static void bytes(JsonNode n, String field, String path, int min, int max) {
    String v = n.path(field).isTextual() ? n.get(field).asText() : null;
    if (v == null) {
      throw ApiException.badRequest("%s is missing or not a string; base64 expected", path);
    }
    byte[] b;
    try {
      b = java.util.Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("%s \"%s\" is not base64", path, Fields.truncate(v));
    }
    if (b.length < min || b.length > max) {
      if (b.length > max && max > 1024) {
        throw ApiException.tooLarge("%s is %d bytes; at most %d are accepted", path, b.length, max);
      }
      throw ApiException.badRequest(min == max ? "%s must be %d bytes, got %d" : "%s must be at least %d bytes, got %d",
          path, min, b.length);
    }
  }

  /** The acknowledgement deadline for a message posted at {@code now}, or null if none is due. */
  Instant deadline(Instant now) {
    if (ackDeadline != null) {
      if (!ackDeadline.isAfter(now)) {
        throw ApiException.badRequest("ack_deadline %s is not in the future (now %s)", ackDeadline, now);
      }
      return ackDeadline;
    }
    if (ackWithinSeconds != null) {
      return now.plusSeconds(ackWithinSeconds);
    }
    return priority == Priority.SAFETY_OF_FLIGHT ? now.plus(SAFETY_OF_FLIGHT_DEADLINE) : null;
  }

  String phraseName() {
    return phrase == null ? null : phrase.name();
  }
}
