package org.liaison.channels;

import java.time.Instant;
import org.liaison.ledger.Receipt;

/** One recipient's copy of a message: its state, and when each state was reached. */
record Delivery(
    String messageId,
    String recipient,
    DeliveryState state,
    Instant sent,
    Instant delivered,
    Instant read,
    Instant acknowledged,
    String reply,
    Receipt ackReceipt,
    Instant ackDeadline,
    Instant escalated) {

  /** Acknowledged after the deadline. */
  boolean late() {
    return acknowledged != null && ackDeadline != null && acknowledged.isAfter(ackDeadline);
  }

  Delivery advance(DeliveryState to, Instant at) {
    return new Delivery(messageId, recipient, to, sent,
        to == DeliveryState.DELIVERED ? at : delivered,
        to == DeliveryState.READ ? at : read,
        to == DeliveryState.ACKNOWLEDGED ? at : acknowledged,
        reply, ackReceipt, ackDeadline, escalated);
  }
}
