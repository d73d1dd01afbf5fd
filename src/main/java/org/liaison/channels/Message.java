package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A posted message. It has free text, a phrase, or both; {@code phraseParams} is null when there
 * is no phrase. {@code ackDeadline} is null when no acknowledgement is due by a time. {@code
 * sealed} is the end-to-end encrypted body (then text and phrase are null), null for plain text.
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
    JsonNode sealed) {

  Message {
    notices = List.copyOf(notices);
  }
}
