package org.liaison.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.json.ObjectView;

/**
 * What one party lets the hub publish: its operation notices (default off), its restrictions
 * (default on), and how long before a volume's start it may be published at the earliest.
 */
public record PartySettings(boolean operations, boolean restrictions, int leadMinutes) {
  static final int MAX_LEAD_MINUTES = 7 * 24 * 60;
  public static final PartySettings DEFAULTS = new PartySettings(false, true, 24 * 60);
  private static final Set<String> FIELDS = Set.of("operations", "restrictions", "lead_minutes");

  public PartySettings {
    if (leadMinutes < 0 || leadMinutes > MAX_LEAD_MINUTES) {
      throw ApiException.badRequest("lead_minutes %d is outside [0, %d]", leadMinutes, MAX_LEAD_MINUTES);
    }
  }

  Duration lead() {
    return Duration.ofMinutes(leadMinutes);
  }

  boolean publishes(Notice.Kind kind) {
    return kind == Notice.Kind.OPERATION ? operations : restrictions;
  }

  PartySettings with(JsonNode json) {
    ObjectView body = ObjectView.of(json).onlyKnown(FIELDS);
    return new PartySettings(body.bool("operations", operations), body.bool("restrictions", restrictions),
        (int) body.integer("lead_minutes", Integer.MIN_VALUE, Integer.MAX_VALUE, leadMinutes));
  }

  ObjectNode toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("operations", operations);
    n.put("restrictions", restrictions);
    n.put("lead_minutes", leadMinutes);
    return n;
  }

  static PartySettings fromJson(String json) {
    try {
      return DEFAULTS.with(Json.MAPPER.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored publication settings are not JSON: " + e.getMessage(), e);
    }
  }
}
