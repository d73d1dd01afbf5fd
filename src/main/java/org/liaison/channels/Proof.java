package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.liaison.errors.Values;

/**
 * A ledger entry written but not yet signed for: its leaf hash (base64), time, and index when the
 * store assigned one in the writing transaction (the embedded store does). The hub's
 * receipt is a deterministic Ed25519 signature over the leaf hash, so it is made outside the
 * writer, when an answer or an event is rendered (see {@link Receipts}), and is the same every
 * time.
 */
record Proof(String leafHash, Instant time, Long index) {

  ObjectNode json() {
    return Views.JSON.objectNode().put("leaf_hash", leafHash).put("index", index).put("time", time.toString());
  }

  /** Reads {@link #json()}; null for null or JSON null. */
  static Proof fromJson(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    JsonNode index = n.get("index");
    return new Proof(n.get("leaf_hash").asText(), Instant.parse(n.get("time").asText()),
        index == null || index.isNull() ? null : index.asLong());
  }

  static Proof parse(String json) {
    try {
      return json == null ? null : fromJson(org.liaison.http.Json.MAPPER.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored proof is not JSON: " + Values.truncate(json), e);
    }
  }
}
