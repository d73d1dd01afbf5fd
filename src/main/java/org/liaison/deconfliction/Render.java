package org.liaison.deconfliction;

import org.liaison.astm.Wire;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.Subscription;

/** ASTM response bodies. OVNs are shown only to their owner. */
final class Render {
  private final Function<String, Availability> availability;

  Render(Function<String, Availability> availability) {
    this.availability = availability;
  }

  ObjectNode oi(OperationalIntent oi, String caller) {
    ObjectNode n = Wire.JSON.objectNode();
    n.put("id", oi.id().toString());
    n.put("manager", oi.manager());
    n.put("uss_availability", availability.apply(oi.manager()).name());
    n.put("version", oi.version());
    n.put("state", oi.state().name());
    n.put("ovn", oi.manager().equals(caller) ? oi.ovn() : Models.OVN_HIDDEN);
    n.set("time_start", Wire.time(oi.extents().startText()));
    n.set("time_end", Wire.time(oi.extents().endText()));
    n.put("uss_base_url", oi.ussBaseUrl());
    n.put("subscription_id",
        (oi.subscriptionId() == null ? Models.NIL_SUBSCRIPTION : oi.subscriptionId()).toString());
    return n;
  }

  ObjectNode constraint(Constraint c, String caller) {
    ObjectNode n = Wire.JSON.objectNode();
    n.put("id", c.id().toString());
    n.put("manager", c.manager());
    n.put("uss_availability", availability.apply(c.manager()).name());
    n.put("version", c.version());
    n.put("ovn", c.manager().equals(caller) ? c.ovn() : Models.OVN_HIDDEN);
    n.set("time_start", Wire.time(c.extents().startText()));
    n.set("time_end", Wire.time(c.extents().endText()));
    n.put("uss_base_url", c.ussBaseUrl());
    return n;
  }

  ObjectNode subscription(Subscription s, Set<UUID> dependents) {
    ObjectNode n = Wire.JSON.objectNode();
    n.put("id", s.id().toString());
    n.put("version", String.valueOf(s.version()));
    n.put("notification_index", s.notificationIndex());
    n.set("time_start", Wire.time(s.extents().startText()));
    n.set("time_end", Wire.time(s.extents().endText()));
    n.put("uss_base_url", s.ussBaseUrl());
    n.put("notify_for_operational_intents", s.notifyForOperationalIntents());
    n.put("notify_for_constraints", s.notifyForConstraints());
    n.put("implicit_subscription", s.implicit());
    ArrayNode deps = n.putArray("dependent_operational_intents");
    dependents.stream().map(UUID::toString).sorted().forEach(deps::add);
    return n;
  }

  /** Subscribers grouped by base URL, in first-seen order. */
  static ArrayNode subscribers(List<Airspace.Notified> notified) {
    Map<String, ArrayNode> byUrl = new LinkedHashMap<>();
    for (Airspace.Notified x : notified) {
      ObjectNode s = byUrl.computeIfAbsent(x.ussBaseUrl(), u -> Wire.JSON.arrayNode()).addObject();
      s.put("subscription_id", x.subscriptionId().toString());
      s.put("notification_index", x.notificationIndex());
    }
    ArrayNode out = Wire.JSON.arrayNode();
    byUrl.forEach((url, subs) -> {
      ObjectNode o = out.addObject();
      o.set("subscriptions", subs);
      o.put("uss_base_url", url);
    });
    return out;
  }
}
