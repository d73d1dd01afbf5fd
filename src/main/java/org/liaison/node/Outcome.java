package org.liaison.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import org.liaison.http.Json;

/**
 * What came of a planning request: declared, with the receipt and the notifications queued; or
 * refused, with every conflict and, if asked, the slots that would be clear.
 */
record Outcome(
    boolean accepted,
    int status,
    String message,
    Plan plan,
    List<Conflict> conflicts,
    Suggestions suggestions,
    PlanRequest request,
    List<Long> notifications,
    Suggestions.Slot took,
    List<Conflict> refusedFirst) {

  static Outcome refused(String message, List<Conflict> conflicts, Suggestions suggestions, PlanRequest request) {
    return new Outcome(false, 409, message, null, conflicts, suggestions, request, List.of(), null, List.of());
  }

  static Outcome accepted(int status, String message, Plan plan, List<Conflict> conflicts, List<Long> notifications) {
    return new Outcome(true, status, message, plan, conflicts, null, null, notifications, null, List.of());
  }

  /** This outcome, reached by taking {@code slot} after the first attempt met {@code first}. */
  Outcome took(Suggestions.Slot slot, List<Conflict> first, Suggestions offered) {
    return new Outcome(accepted, status, message, plan, conflicts, offered, request, notifications, slot, first);
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("result", accepted ? "accepted" : "refused");
    n.put("message", message);
    if (plan != null) {
      n.set("plan", plan.toJson());
      var r = plan.lastReceipt();
      if (r == null) {
        n.putNull("receipt");
      } else {
        n.set("receipt", Plan.Docs.readTree(r.toJson()));
      }
    }
    ArrayNode cs = n.putArray("conflicts");
    conflicts.forEach(c -> cs.add(c.toJson()));
    if (took != null) {
      ObjectNode t = n.putObject("took");
      t.put("kind", took.kind());
      t.put(took.kind().equals("time") ? "shift_s" : "shift_m", took.shift());
      ArrayNode f = t.putArray("conflicts_before");
      refusedFirst.forEach(c -> f.add(c.toJson()));
    }
    if (suggestions != null && request != null) {
      n.set("suggestions", suggestions.toJson(request));
    }
    if (accepted) {
      ArrayNode ns = n.putArray("notifications");
      notifications.forEach(ns::add);
    }
    return n;
  }

  void send(Context ctx) {
    Json.send(ctx, status, toJson());
  }
}
