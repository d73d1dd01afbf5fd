package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An answer from the hub: status and JSON body, with accessors for the common fields. */
public record Resp(int status, JsonNode body, String raw) {

  /** This answer, or an assertion failure that shows the body. */
  public Resp expect(int code) {
    if (status != code) {
      throw new AssertionError("expected " + code + " but got " + status + ": " + raw);
    }
    return this;
  }

  public String message() {
    return body.path("message").asText();
  }

  public JsonNode at(String pointer) {
    return body.at(pointer);
  }

  public JsonNode oi() {
    return body.path("operational_intent_reference");
  }

  public JsonNode constraint() {
    return body.path("constraint_reference");
  }

  public JsonNode subscription() {
    return body.path("subscription");
  }

  /** Ids of the entries of an array field, in order. */
  public List<UUID> ids(String arrayField) {
    List<UUID> out = new ArrayList<>();
    body.path(arrayField).forEach(n -> out.add(UUID.fromString(n.path("id").asText())));
    return out;
  }

  /** The {@code subscribers} of a change, as (subscription id → notification index) per base URL. */
  public Map<String, Map<UUID, Long>> subscribers() {
    Map<String, Map<UUID, Long>> out = new LinkedHashMap<>();
    for (JsonNode s : body.path("subscribers")) {
      Map<UUID, Long> subs = new LinkedHashMap<>();
      for (JsonNode x : s.path("subscriptions")) {
        subs.put(UUID.fromString(x.path("subscription_id").asText()), x.path("notification_index").asLong());
      }
      if (out.put(s.path("uss_base_url").asText(), subs) != null) {
        throw new AssertionError("uss_base_url listed twice in subscribers: " + body);
      }
    }
    return out;
  }
}
