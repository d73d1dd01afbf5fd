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
    String requestSha256) {

  /** Text larger than this many UTF-8 bytes gets 413. */
  static final int MAX_TEXT_BYTES = 64 * 1024;
  /** Safety-of-flight messages must be acknowledged within this unless the sender says otherwise. */
  static final Duration SAFETY_OF_FLIGHT_DEADLINE = Duration.ofMinutes(5);
  static final long MAX_ACK_WITHIN_SECONDS = Duration.ofDays(7).toSeconds();

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Set<String> FIELDS = Set.of("client_message_id", "text", "phrase", "priority",
      "ack_within_seconds", "ack_deadline", "notices", "to", "signature");

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
    if ((text == null || text.isEmpty()) && type == null) {
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
    canonical.put("priority", priority.wire);
    canonical.put("ack_within_seconds", within);
    canonical.put("ack_deadline", deadline == null ? null : deadline.toString());
    ArrayNode n = canonical.putArray("notices");
    notices.forEach(n::add);
    ArrayNode t = canonical.putArray("to");
    to.forEach(t::add);
    return new PostRequest(clientId, text, type, params, priority, within, deadline, List.copyOf(notices), to,
        Merkle.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8)));
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
