package org.liaison.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One entry of the event log, in the order clients receive them. {@code channelId} and {@code
 * messageId} are null for events that concern no channel or message.
 */
record Event(long seq, String type, String channelId, String messageId, Instant time, ObjectNode payload) {}
