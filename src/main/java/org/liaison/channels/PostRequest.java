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
import java.util.regex.Pattern;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.json.ObjectView;
import org.liaison.json.Params;
import org.liaison.proof.Merkle;

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

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Set<String> FIELDS = Set.of("client_message_id", "text", "phrase", "priority",
      "ack_within_seconds", "ack_deadline", "notices", "to", "sealed", "signature");

  static PostRequest parse(JsonNode json, Phrasebook phrasebook) {
    ObjectView body = ObjectView.of(json).onlyKnown(FIELDS);
    String clientId = body.string("client_message_id", null);
    if (clientId == null) {
      clientId = UUID.randomUUID().toString();
    } else if (!CLIENT_ID.matcher(clientId).matches()) {
      throw body.invalid("client_message_id", clientId, "must be 1 to 128 of letters, digits and . _ : -");
    }
    String text = body.string("text", null);
    if (text != null) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_TEXT_BYTES) {
        throw ApiException.tooLarge(
            "text is %d bytes of UTF-8; at most %d (64 KiB) are accepted", bytes, MAX_TEXT_BYTES);
      }
    }
    Phrasebook.Type type = null;
    ObjectNode params = null;
    if (body.has("phrase")) {
      ObjectView phrase = body.obj("phrase").onlyKnown(Set.of("type", "params"));
      type = phrasebook.type(phrase.string("type"), phrase.path("type"));
      params = phrasebook.validate(type, phrase.get("params"), phrase.path("params"));
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
    String p = body.string("priority", null);
    Priority priority = p != null ? Priority.parse(p, "priority") : type != null ? type.priority() : Priority.ROUTINE;
    Long within = body.integerOrNull("ack_within_seconds", 1, MAX_ACK_WITHIN_SECONDS);
    Instant deadline = body.instant("ack_deadline", null);
    if (within != null && deadline != null) {
      throw ApiException.badRequest("ack_within_seconds and ack_deadline are both given; give one");
    }
    List<String> notices = body.strings("notices", 100);
    for (int i = 0; i < notices.size(); i++) {
      notices.set(i, Params.uuid(notices.get(i), "notices[" + i + "]").toString());
    }
    List<String> to = body.strings("to", 1000);
    for (int i = 0; i < to.size(); i++) {
      Channels.party(to.get(i), "to[" + i + "]");
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
        sealed, Merkle.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static final Set<String> SEALED_FIELDS = Set.of("version", "suite", "nonce", "ciphertext", "keys");
  private static final Set<String> KEY_FIELDS = Set.of("party", "key_id", "enc", "wrapped_key");

  /**
   * Checks the shape of a sealed body (docs/channels.md): the hub cannot open it, but it refuses
   * what no recipient could open either, and keeps the size limit on the ciphertext.
   */
  private static ObjectNode sealed(JsonNode s) {
    ObjectView v = ObjectView.of(s, "sealed").onlyKnown(SEALED_FIELDS);
    String version = v.string("version");
    if (!Envelope.VERSION.equals(version)) {
      throw ApiException.badRequest("sealed.version \"%s\" is not %s", Values.truncate(version), Envelope.VERSION);
    }
    String suite = v.string("suite");
    if (!Envelope.SUITE.equals(suite)) {
      throw ApiException.badRequest("sealed.suite \"%s\" is not %s", Values.truncate(suite), Envelope.SUITE);
    }
    bytes(s, "nonce", "sealed.nonce", Envelope.NONCE_BYTES, Envelope.NONCE_BYTES);
    String ct = v.string("ciphertext");
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
      ObjectView kv = ObjectView.of(k, path).onlyKnown(KEY_FIELDS);
      String party = Channels.party(kv.string("party"), path + ".party");
      if (!seen.add(party)) {
        throw ApiException.badRequest("%s.party \"%s\" is listed twice", path, party);
      }
      kv.string("key_id");
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
      throw ApiException.badRequest("%s \"%s\" is not base64", path, Values.truncate(v));
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
