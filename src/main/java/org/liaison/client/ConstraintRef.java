package org.liaison.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.liaison.json.ObjectView;

/** An ASTM constraint reference (a restriction) as the hub serves it. */
public record ConstraintRef(
    UUID id,
    String manager,
    String ussAvailability,
    long version,
    String ovn,
    Instant timeStart,
    Instant timeEnd,
    String ussBaseUrl) {

  public boolean ovnKnown() {
    return ovn != null && !ovn.isEmpty() && !ovn.equals(OperationalIntentRef.OVN_HIDDEN);
  }

  public static ConstraintRef parse(ObjectView n) {
    return new ConstraintRef(
        n.uuid4("id"),
        n.string("manager"),
        n.string("uss_availability", "Unknown"),
        n.integer("version"),
        n.string("ovn"),
        OperationalIntentRef.time(n, "time_start"),
        OperationalIntentRef.time(n, "time_end"),
        n.string("uss_base_url"));
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", id.toString());
    n.put("manager", manager);
    n.put("uss_availability", ussAvailability);
    n.put("version", version);
    n.put("ovn", ovn);
    n.set("time_start", OperationalIntentRef.time(timeStart));
    n.set("time_end", OperationalIntentRef.time(timeEnd));
    n.put("uss_base_url", ussBaseUrl);
    return n;
  }
}
