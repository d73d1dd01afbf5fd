package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One agreement version in force, as a node applies it: who is party to it, the separation
 * buffers between their operations, and the heartbeat each keeps.
 */
public record AgreementInForce(String id, int version, String title, List<String> parties, double horizontalM,
    double verticalM, Duration heartbeat, Duration unreachableAfter) {

  public AgreementInForce {
    parties = List.copyOf(parties);
  }

  /** Reads one item of {@code GET /liaison/v1/agreements/in-force}. */
  static AgreementInForce fromJson(JsonNode n) {
    JsonNode d = n.path("document");
    List<String> parties = new ArrayList<>();
    d.path("parties").forEach(p -> parties.add(p.asText()));
    JsonNode sep = d.path("separation");
    JsonNode line = d.path("line");
    if (!n.path("id").isTextual() || !n.path("version").canConvertToInt() || !sep.path("horizontal_m").isNumber()
        || !sep.path("vertical_m").isNumber()) {
      throw new IllegalArgumentException("the hub's agreement in force is missing its id, version or separation: " + n);
    }
    return new AgreementInForce(n.path("id").asText(), n.path("version").asInt(), d.path("title").asText(), parties,
        sep.path("horizontal_m").asDouble(), sep.path("vertical_m").asDouble(),
        Duration.ofSeconds(line.path("heartbeat_seconds").asLong()),
        Duration.ofSeconds(line.path("unreachable_after_seconds").asLong()));
  }
}
