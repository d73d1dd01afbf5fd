package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A subscription as the hub returned it. */
public record Sub(UUID id, String version, long notificationIndex, List<UUID> dependents, JsonNode json, Resp resp) {
  static Sub of(Resp r) {
    JsonNode n = r.subscription();
    List<UUID> deps = new ArrayList<>();
    n.path("dependent_operational_intents").forEach(d -> deps.add(UUID.fromString(d.asText())));
    return new Sub(UUID.fromString(n.path("id").asText()), n.path("version").asText(),
        n.path("notification_index").asLong(), deps, n, r);
  }
}
