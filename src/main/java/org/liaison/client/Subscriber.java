package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.liaison.errors.ApiException;

/**
 * A party the hub says must be told of a change: its base URL and the subscriptions, each with the
 * notification index the notification must carry.
 */
public record Subscriber(String ussBaseUrl, List<State> subscriptions) {
  public Subscriber {
    subscriptions = List.copyOf(subscriptions);
  }

  /** ASTM SubscriptionState. */
  public record State(UUID subscriptionId, long notificationIndex) {
    public ObjectNode toJson() {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("subscription_id", subscriptionId.toString());
      n.put("notification_index", notificationIndex);
      return n;
    }

    public static State parse(JsonNode n, String path) {
      Fields.object(n, path);
      long index = Fields.integer(n, "notification_index", path);
      if (index < 0) {
        throw ApiException.badRequest("%s.notification_index %d is negative", path, index);
      }
      return new State(Fields.uuid(n, "subscription_id", path), index);
    }
  }

  public static List<Subscriber> parseList(JsonNode parent, String field, String path) {
    List<Subscriber> out = new ArrayList<>();
    ArrayNode arr = Fields.optionalArray(parent, field, path);
    for (int i = 0; i < arr.size(); i++) {
      String p = Fields.join(path, field) + "[" + i + "]";
      JsonNode s = Fields.object(arr.get(i), p);
      out.add(new Subscriber(Fields.text(s, "uss_base_url", p), states(Fields.array(s, "subscriptions", p), p + ".subscriptions")));
    }
    return out;
  }

  /** Reads a non-empty array of subscription states. */
  public static List<State> states(ArrayNode arr, String path) {
    if (arr.isEmpty()) {
      throw ApiException.badRequest("%s must name at least one subscription", path);
    }
    List<State> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      out.add(State.parse(arr.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  public static ArrayNode toJson(List<State> states) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    states.forEach(s -> arr.add(s.toJson()));
    return arr;
  }
}
