package org.liaison.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;

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

  PartySettings with(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body must be a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw ApiException.badRequest("%s is not a party publication setting; known: lead_minutes, operations, restrictions", f);
      }
    }
    return new PartySettings(Fields.bool(body, "operations", operations),
        Fields.bool(body, "restrictions", restrictions), Fields.integer(body, "lead_minutes", leadMinutes));
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
