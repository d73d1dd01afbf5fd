package org.liaison.client;


import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.liaison.astm.Wire;
import org.liaison.json.ObjectView;

/**
 * An ASTM operational intent reference as the hub serves it: where, when and who, never what. The
 * {@code ovn} is {@value #OVN_HIDDEN} to everyone but the manager, who shares it through details.
 */
public record OperationalIntentRef(
    UUID id,
    String manager,
    String ussAvailability,
    long version,
    String state,
    String ovn,
    Instant timeStart,
    Instant timeEnd,
    String ussBaseUrl,
    UUID subscriptionId) {

  /** What the hub shows in place of another party's OVN. */
  public static final String OVN_HIDDEN = "Available from USS";

  public boolean ovnKnown() {
    return ovn != null && !ovn.isEmpty() && !ovn.equals(OVN_HIDDEN);
  }

  /** Reads the ASTM form; errors are 400s naming the path. */
  public static OperationalIntentRef parse(ObjectView n) {
    Instant start = time(n, "time_start");
    Instant end = time(n, "time_end");
    return new OperationalIntentRef(
        n.uuid4("id"),
        n.string("manager"),
        n.string("uss_availability", "Unknown"),
        n.integer("version"),
        n.string("state"),
        n.string("ovn"),
        start, end,
        n.string("uss_base_url"),
        n.has("subscription_id") ? n.uuid("subscription_id") : null);
  }

  /** The required ASTM Time object at {@code field}. */
  static Instant time(ObjectView n, String field) {
    n.required(field);
    return Wire.readTime(n.node(), field, n.path());
  }

  static ObjectNode time(Instant t) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("value", t.toString());
    o.put("format", "RFC3339");
    return o;
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", id.toString());
    n.put("manager", manager);
    n.put("uss_availability", ussAvailability);
    n.put("version", version);
    n.put("state", state);
    n.put("ovn", ovn);
    n.set("time_start", time(timeStart));
    n.set("time_end", time(timeEnd));
    n.put("uss_base_url", ussBaseUrl);
    if (subscriptionId != null) {
      n.put("subscription_id", subscriptionId.toString());
    }
    return n;
  }
}
