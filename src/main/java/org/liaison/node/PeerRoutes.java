package org.liaison.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.client.Constraint;
import org.liaison.astm.ErrorReports;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.json.Params;

/**
 * The ASTM F3548 peer API ({@code /uss/v1}) a node serves other parties' nodes: details of this
 * party's operations and restrictions to authenticated callers with the right scope, never the
 * purpose; the telemetry of this party's off-nominal operations; notifications of others' changes;
 * and reports.
 */
final class PeerRoutes {
  static final String SC = "utm.strategic_coordination";
  static final String CP = "utm.constraint_processing";
  static final String CM = "utm.constraint_management";
  private static final List<Set<String>> DETAILS = List.of(Set.of(SC));
  private static final List<Set<String>> CONSTRAINT_DETAILS = List.of(Set.of(CP));
  private static final List<Set<String>> CONSTRAINT_NOTIFY = List.of(Set.of(CM));
  static final String CMSA = "utm.conformance_monitoring_sa";
  private static final List<Set<String>> TELEMETRY = List.of(Set.of(CMSA));
  /** The cadence assumed for a feed of one position so far. */
  static final Duration DEFAULT_CADENCE = Duration.ofSeconds(5);
  private static final List<Set<String>> REPORT = List.of(Set.of(SC), Set.of(CP), Set.of(CM),
      Set.of("utm.conformance_monitoring_sa"), Set.of("utm.availability_arbitration"));

  private final Guard guard;
  private final Function<UUID, Plan> plans;
  private final Function<UUID, Constraint> restrictions;
  private final Picture picture;
  private final NodeStore store;
  private final Events events;
  private final TelemetryLedger telemetryLedger;
  private final Clock clock;

  PeerRoutes(Guard guard, Function<UUID, Plan> plans, Function<UUID, Constraint> restrictions, Picture picture,
      NodeStore store, Events events, TelemetryLedger telemetryLedger, Clock clock) {
    this.telemetryLedger = telemetryLedger;
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
    r.get("/uss/v1/operational_intents/{entityid}/telemetry", this::telemetry);
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
    UUID id = Params.uuid4(ctx.pathParam("entityid"), "entityid");
    Plan p = plans.apply(id);
    // Before the hub has accepted a plan, and after it is gone, its id is unknown to peers.
    if (p == null || !p.state().declared() || p.reference() == null) {
      throw ApiException.notFound("operational intent %s not found", id);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("operational_intent", p.details().toJson());
    Json.send(ctx, 200, out);
  }

  /**
   * ASTM's {@code getOperationalIntentTelemetry}: the latest position of an off-nominal operation
   * (409 while it is nominal, 412 before any position came), and when the next is expected. Every
   * request of a known operation counts for the ledger's "first requested" and "first served".
   */
  private void telemetry(Context ctx) {
    Principal p = auth(ctx, TELEMETRY);
    Instant asked = clock.instant();
    UUID id = Params.uuid4(ctx.pathParam("entityid"), "entityid");
    Plan plan = plans.apply(id);
    if (plan == null || !plan.state().declared() || plan.reference() == null) {
      throw ApiException.notFound("operational intent %s not found", id);
    }
    URI url = URI.create(ctx.fullUrl());
    if (!plan.state().offNominal()) {
      telemetryLedger.exchanged(id, p.party(), TelemetryLedger.Role.Server, url, asked, 409);
      throw ApiException.conflict("operational intent %s is %s; telemetry is served while it is Nonconforming or Contingent",
          id, plan.state());
    }
    List<NodeStore.Position> last = store.track(id, 2);
    if (last.isEmpty()) {
      telemetryLedger.exchanged(id, p.party(), TelemetryLedger.Role.Server, url, asked, 412);
      throw ApiException.preconditionFailed("no telemetry of operational intent %s has been reported yet", id);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("operational_intent_id", id.toString());
    out.set("telemetry", Plan.Docs.readTree(last.get(0).doc()));
    out.set("next_telemetry_opportunity", time(nextOpportunity(last, asked)));
    telemetryLedger.exchanged(id, p.party(), TelemetryLedger.Role.Server, url, asked, 200);
    Json.send(ctx, 200, out);
  }

  /**
   * When the next position should be there: the latest measurement plus the feed's cadence (the
   * gap between its last two positions, at most a minute; {@link #DEFAULT_CADENCE} with one), or
   * now plus the cadence when that moment has passed.
   */
  static Instant nextOpportunity(List<NodeStore.Position> newestFirst, Instant now) {
    long cadence = DEFAULT_CADENCE.toMillis();
    if (newestFirst.size() >= 2) {
      long gap = newestFirst.get(0).measuredMs() - newestFirst.get(1).measuredMs();
      if (gap > 0 && gap <= 60_000) {
        cadence = gap;
      }
    }
    Instant next = Instant.ofEpochMilli(newestFirst.get(0).measuredMs() + cadence);
    return next.isAfter(now) ? next : now.plusMillis(cadence);
  }

  static ObjectNode time(Instant t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("value", t.toString());
    o.put("format", "RFC3339");
    return o;
  }

  private void constraintDetails(Context ctx) {
    auth(ctx, CONSTRAINT_DETAILS);
    UUID id = Params.uuid4(ctx.pathParam("entityid"), "entityid");
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
