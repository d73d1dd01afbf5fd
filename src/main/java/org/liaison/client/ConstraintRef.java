package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

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

  public static ConstraintRef parse(JsonNode n, String path) {
    Fields.object(n, path);
    return new ConstraintRef(
        Fields.uuid(n, "id", path),
        Fields.text(n, "manager", path),
        Fields.present(n, "uss_availability") ? Fields.text(n, "uss_availability", path) : "Unknown",
        Fields.integer(n, "version", path),
        Fields.text(n, "ovn", path),
        OperationalIntentRef.time(n, "time_start", path),
        OperationalIntentRef.time(n, "time_end", path),
        Fields.text(n, "uss_base_url", path));
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
