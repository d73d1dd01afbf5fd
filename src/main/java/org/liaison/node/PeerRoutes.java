package org.liaison.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.client.Constraint;
import org.liaison.client.Fields;
import org.liaison.deconfliction.ErrorReports;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;

/**
 * The ASTM F3548 peer API ({@code /uss/v1}) a node serves other parties' nodes: details of this
 * party's operations and restrictions to authenticated callers with the right scope, never the
 * purpose; notifications of others' changes; and reports.
 */
final class PeerRoutes {
  static final String SC = "utm.strategic_coordination";
  static final String CP = "utm.constraint_processing";
  static final String CM = "utm.constraint_management";
  private static final List<Set<String>> DETAILS = List.of(Set.of(SC));
  private static final List<Set<String>> CONSTRAINT_DETAILS = List.of(Set.of(CP));
  private static final List<Set<String>> CONSTRAINT_NOTIFY = List.of(Set.of(CM));
  private static final List<Set<String>> REPORT = List.of(Set.of(SC), Set.of(CP), Set.of(CM),
      Set.of("utm.conformance_monitoring_sa"), Set.of("utm.availability_arbitration"));

  private final Guard guard;
  private final Function<UUID, Plan> plans;
  private final Function<UUID, Constraint> restrictions;
  private final Picture picture;
  private final NodeStore store;
  private final Events events;
  private final Clock clock;

  PeerRoutes(Guard guard, Function<UUID, Plan> plans, Function<UUID, Constraint> restrictions, Picture picture,
      NodeStore store, Events events, Clock clock) {
    this.guard = guard;
    this.plans = plans;
    this.restrictions = restrictions;
    this.picture = picture;
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  void register(RoutesConfig r) {
    r.get("/uss/v1/operational_intents/{entityid}", this::details);
    r.post("/uss/v1/operational_intents", ctx -> {
      Principal p = auth(ctx, DETAILS);
      picture.operationalIntent(p, Json.body(ctx));
      ctx.status(204);
    });
    r.get("/uss/v1/constraints/{entityid}", this::constraintDetails);
    r.post("/uss/v1/constraints", ctx -> {
      Principal p = auth(ctx, CONSTRAINT_NOTIFY);
      picture.constraint(p, Json.body(ctx));
      ctx.status(204);
    });
    r.post("/uss/v1/reports", this::report);
  }

  private Principal auth(Context ctx, List<Set<String>> scopes) {
    return guard.check(ctx.header("Authorization"), scopes);
  }

  private void details(Context ctx) {
    auth(ctx, DETAILS);
    UUID id = Fields.uuid(ctx.pathParam("entityid"), "entityid");
    Plan p = plans.apply(id);
    // Before the hub has accepted a plan, and after it is gone, its id is unknown to peers.
    if (p == null || !p.state().declared() || p.reference() == null) {
      throw ApiException.notFound("operational intent %s not found", id);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("operational_intent", p.details().toJson());
    Json.send(ctx, 200, out);
  }

  private void constraintDetails(Context ctx) {
    auth(ctx, CONSTRAINT_DETAILS);
    UUID id = Fields.uuid(ctx.pathParam("entityid"), "entityid");
    Constraint c = restrictions.apply(id);
    if (c == null) {
      throw ApiException.notFound("constraint %s not found", id);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("constraint", c.toJson());
    Json.send(ctx, 200, out);
  }

  private void report(Context ctx) {
    Principal p = auth(ctx, REPORT);
    ObjectNode report = ErrorReports.validate(Json.body(ctx));
    String id = UUID.randomUUID().toString();
    report.put("report_id", id);
    store.saveReport(id, p.party(), report.toString(), clock.millis());
    ObjectNode e = report.deepCopy();
    e.put("from", p.party());
    events.publish("report", e);
    Json.send(ctx, 201, report);
  }
}
