package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A posted message. It has free text, a phrase, or both; {@code phraseParams} is null when there
 * is no phrase. {@code ackDeadline} is null when no acknowledgement is due by a time. {@code
 * content} is the request as posted without its signature, {@code contentSha256} the hex SHA-256
 * of its canonical form (what statements about the message name), and {@code signature} the
 * sender's signed statement ({@code {"statement", "signature"}}), null if hub-attested only; all
 * three are null for messages stored before messages were signed. {@code sealed} is the
 * end-to-end encrypted body (then text and phrase are null), null for plain text. {@code
 * postedByHub}: the hub posted it in the sender's name by an agreed rule (plain, unsigned, even on
 * an end-to-end encrypted channel).
 */
record Message(
    String id,
    String channelId,
    long seq,
    String sender,
    String clientId,
    String requestSha256,
    Priority priority,
    String text,
    String phraseType,
    JsonNode phraseParams,
    List<String> notices,
    Instant ackDeadline,
    Instant posted,
    Proof proof,
    String contentSha256,
    JsonNode content,
    JsonNode signature,
    JsonNode sealed,
    boolean postedByHub) {

  Message {
    notices = List.copyOf(notices);
  }
}
