package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.liaison.ledger.Receipt;

/**
 * A posted message. It has free text, a phrase, or both; {@code phraseParams} is null when there
 * is no phrase. {@code ackDeadline} is null when no acknowledgement is due by a time.
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
    Receipt receipt) {

  Message {
    notices = List.copyOf(notices);
  }
}
