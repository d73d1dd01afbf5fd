package org.liaison.client;

import static org.liaison.client.Fields.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.liaison.astm.Wire;
import org.liaison.errors.ApiException;

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
  public static OperationalIntentRef parse(JsonNode n, String path) {
    Fields.object(n, path);
    Instant start = time(n, "time_start", path);
    Instant end = time(n, "time_end", path);
    String sub = Fields.optionalText(n, "subscription_id", path);
    return new OperationalIntentRef(
        Fields.uuid(n, "id", path),
        Fields.text(n, "manager", path),
        Fields.present(n, "uss_availability") ? Fields.text(n, "uss_availability", path) : "Unknown",
        Fields.integer(n, "version", path),
        Fields.text(n, "state", path),
        Fields.text(n, "ovn", path),
        start, end,
        Fields.text(n, "uss_base_url", path),
        sub == null ? null : UUID.fromString(sub));
  }

  static Instant time(JsonNode n, String field, String path) {
    Instant t = Wire.readTime(n, field, path);
    if (t == null) {
      throw ApiException.badRequest("%s is missing", join(path, field));
    }
    return t;
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
