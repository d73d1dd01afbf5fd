package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * An operational intent or constraint reference as its owner saw it in a write answer.
 *
 * @param subscriptionId null for constraints and for intents without a subscription
 */
public record Ref(UUID id, String ovn, long version, UUID subscriptionId, JsonNode json, Resp resp) {
  static final UUID NIL = UUID.fromString("00000000-0000-4000-8000-000000000000");

  static Ref oi(Resp r) {
    JsonNode n = r.oi();
    UUID sub = UUID.fromString(n.path("subscription_id").asText());
    return new Ref(UUID.fromString(n.path("id").asText()), n.path("ovn").asText(), n.path("version").asLong(),
        NIL.equals(sub) ? null : sub, n, r);
  }

  static Ref constraint(Resp r) {
    JsonNode n = r.constraint();
    return new Ref(UUID.fromString(n.path("id").asText()), n.path("ovn").asText(), n.path("version").asLong(),
        null, n, r);
  }
}
