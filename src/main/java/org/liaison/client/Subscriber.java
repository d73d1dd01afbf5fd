package org.liaison.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.liaison.json.ArrayView;
import org.liaison.json.FieldErrors;
import org.liaison.json.ObjectView;

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

    public static State parse(ObjectView n) {
      long index = n.integer("notification_index");
      if (index < 0) {
        throw n.refuse("notification_index", index + " is negative");
      }
      return new State(n.uuid4("subscription_id"), index);
    }
  }

  public static List<Subscriber> parseList(ObjectView parent, String field) {
    List<Subscriber> out = new ArrayList<>();
    for (ObjectView s : parent.arrayOrEmpty(field).objects()) {
      out.add(new Subscriber(s.string("uss_base_url"), states(s.array("subscriptions"))));
    }
    return out;
  }

  /** Reads a non-empty array of subscription states. */
  public static List<State> states(ArrayView arr) {
    if (arr.isEmpty()) {
      throw FieldErrors.refuse(arr.path(), "must name at least one subscription");
    }
    List<State> out = new ArrayList<>();
    for (ObjectView s : arr.objects()) {
      out.add(State.parse(s));
    }
    return out;
  }

  public static ArrayNode toJson(List<State> states) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    states.forEach(s -> arr.add(s.toJson()));
    return arr;
  }
}
