package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.http.StreamGate;
import org.liaison.json.ArrayView;
import org.liaison.json.FieldErrors;
import org.liaison.json.ObjectView;
import org.liaison.json.Params;
import org.liaison.node.NodeStore.Delivery;

/**
 * The party's own API ({@code /liaison/v1}), for its operators, CLI and console: plan and manage
 * operations and restrictions, read the picture and its stream of changes, see how notifications
 * fared. Every call needs the node's operator token ({@code Authorization: Bearer …}; the event
 * stream also takes {@code ?access_token=…}, since browsers cannot set headers on it).
 */
final class OperatorRoutes {
  private final byte[] token;
  private final String party;
  private final Planner planner;
  private final Restrictions restrictions;
  private final Picture picture;
  private final NodeStore store;
  private final Events events;
  private final java.util.function.Supplier<SeparationPolicy> policy;
  private final Runnable refreshAgreements;
  private final Clock clock;
  private final StreamGate streams;

  OperatorRoutes(String token, String party, Planner planner, Restrictions restrictions, Picture picture,
      NodeStore store, Events events, java.util.function.Supplier<SeparationPolicy> policy, Runnable refreshAgreements,
      Clock clock, StreamGate streams) {
    this.streams = streams;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.party = party;
    this.planner = planner;
    this.restrictions = restrictions;
    this.picture = picture;
    this.store = store;
    this.events = events;
    this.policy = policy;
    this.refreshAgreements = refreshAgreements;
    this.clock = clock;
  }

  void register(RoutesConfig r) {
    r.before("/liaison/v1/*", this::authorize);
    r.post("/liaison/v1/plans", ctx -> planner.submit(PlanRequest.parse(Json.body(ctx), clock.instant())).send(ctx));
    r.get("/liaison/v1/plans", this::plans);
    r.get("/liaison/v1/plans/{id}", ctx -> Json.send(ctx, 200, plan(ctx).toJson()));
    r.put("/liaison/v1/plans/{id}", ctx -> planner.modify(id(ctx), PlanRequest.parse(Json.body(ctx), clock.instant())).send(ctx));
    r.post("/liaison/v1/plans/{id}/activate", ctx -> planner.activate(id(ctx)).send(ctx));
    r.post("/liaison/v1/plans/{id}/end", ctx -> planner.end(id(ctx)).send(ctx));
    r.post("/liaison/v1/plans/{id}/cancel", ctx -> planner.cancel(id(ctx)).send(ctx));
    r.post("/liaison/v1/plans/{id}/nonconforming", ctx -> planner.offNominal(id(ctx), Plan.State.Nonconforming).send(ctx));
    r.post("/liaison/v1/plans/{id}/contingent", ctx -> planner.offNominal(id(ctx), Plan.State.Contingent).send(ctx));
    r.post("/liaison/v1/plans/{id}/telemetry", this::positions);
    r.get("/liaison/v1/plans/{id}/telemetry", this::ownTrack);
    r.get("/liaison/v1/telemetry", this::tracks);

    r.post("/liaison/v1/restrictions", ctx -> Json.send(ctx, 201, restrictions.declare(Json.body(ctx))));
    r.get("/liaison/v1/restrictions", ctx -> {
      ArrayNode arr = Json.MAPPER.createArrayNode();
      restrictions.all().forEach(x -> arr.add(x.toJson()));
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.set("restrictions", arr);
      Json.send(ctx, 200, out);
    });
    r.delete("/liaison/v1/restrictions/{id}", ctx -> Json.send(ctx, 200, restrictions.remove(id(ctx))));

    r.get("/liaison/v1/picture", ctx -> Json.send(ctx, 200, picture.toJson(party, planner.plans())));
    r.get("/liaison/v1/events", this::stream);
    r.get("/liaison/v1/notifications", this::notifications);
    r.get("/liaison/v1/reports", ctx -> {
      ArrayNode arr = Json.MAPPER.createArrayNode();
      store.reports(500).forEach(d -> arr.add(Plan.Docs.readTree(d)));
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.set("reports", arr);
      Json.send(ctx, 200, out);
    });
    r.get("/liaison/v1/separation", ctx -> Json.send(ctx, 200, policy.get().toJson()));
    // After accepting an agreement, so that the planner need not wait for the next refresh.
    r.post("/liaison/v1/separation/refresh", ctx -> {
      refreshAgreements.run();
      Json.send(ctx, 200, policy.get().toJson());
    });
  }

  /**
   * The stream takes a place from the node's stream limits first (429 when none is left), then
   * waits without a request thread ({@link SseClient#keepAlive()} suspends the request).
   */
  private void stream(Context ctx) throws Exception {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new ApiException(ApiException.Kind.NOT_ACCEPTABLE, "GET /liaison/v1/events is a stream of server-sent events: send Accept: text/event-stream");
    }
    StreamGate.Ticket ticket = streams.open(party);
    try {
      new SseHandler(0, client -> {
        client.keepAlive();
        client.sendComment("liaison node " + party + ": events plan, operational_intent, constraint, restriction, delivery, report, telemetry");
        events.add(client, ticket::close);
      }).handle(ctx);
    } catch (Exception | Error e) {
      ticket.close();
      throw e;
    }
  }

  private void authorize(Context ctx) {
    String h = ctx.header("Authorization");
    String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim()
        : ctx.path().equals("/liaison/v1/events") ? ctx.queryParam("access_token") : null;
    if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiException.unauthenticated("the node's operator token is required (the file operator-token in the node's data directory)");
    }
  }

  private static UUID id(Context ctx) {
    return Params.uuid4(ctx.pathParam("id"), "id");
  }

  private Plan plan(Context ctx) {
    Plan p = planner.plan(id(ctx));
    if (p == null) {
      throw ApiException.notFound("plan %s not found", ctx.pathParam("id"));
    }
    return p;
  }

  private void plans(Context ctx) {
    ArrayNode arr = Json.MAPPER.createArrayNode();
    planner.plans().stream().sorted(Comparator.comparing(Plan::created)).forEach(p -> arr.add(p.toJson()));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("plans", arr);
    Json.send(ctx, 200, out);
  }

  // ---------------------------------------------------------------- telemetry

  /** Most positions one request may carry. */
  static final int MAX_POSITIONS = 1000;
  /** A position may be stamped this far ahead of the node's clock (the clock skew InterUSS allows). */
  private static final Duration SKEW = Duration.ofMinutes(5);

  /**
   * Position reports of one of the party's operations: one ASTM {@code VehicleTelemetry}, or
   * {@code {"telemetry": [ … ]}}. Positions already stored (same measurement time) are ignored.
   */
  private void positions(Context ctx) {
    Plan p = plan(ctx);
    if (!p.state().declared()) {
      throw ApiException.conflict("plan %s is %s; positions are taken while it is declared", p.id(), p.state());
    }
    ObjectView body = ObjectView.of(Json.body(ctx));
    List<Telemetry> ts = new ArrayList<>();
    if (body.node().has("telemetry")) {
      ArrayView arr = body.array("telemetry");
      if (arr.isEmpty() || arr.size() > MAX_POSITIONS) {
        throw ApiException.badRequest("telemetry has %d positions; give 1 to %d", arr.size(), MAX_POSITIONS);
      }
      for (ObjectView t : arr.objects()) {
        ts.add(Telemetry.parse(t, true));
      }
    } else {
      ts.add(Telemetry.parse(body, true));
    }
    Instant latest = clock.instant().plus(SKEW);
    for (int i = 0; i < ts.size(); i++) {
      if (ts.get(i).measured().isAfter(latest)) {
        throw ApiException.badRequest("%stime_measured %s is more than %d minutes ahead of this node's clock",
            ts.size() > 1 || body.has("telemetry") ? "telemetry[" + i + "]." : "", ts.get(i).measured(), SKEW.toMinutes());
      }
    }
    int added = store.addTelemetry(p.id(), party, ts, clock.millis());
    if (added > 0) {
      Telemetry newest = ts.stream().max(Comparator.comparing(Telemetry::measured)).orElseThrow();
      events.publish("telemetry", TelemetryPoller.event(p.id(), party, p.state().name(), true, newest));
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("plan", p.id().toString());
    out.put("state", p.state().name());
    out.put("received", ts.size());
    out.put("new", added);
    // Peers are served positions only while the plan is off-nominal, as ASTM has it.
    out.put("served_to_peers", p.state().offNominal());
    Json.send(ctx, 200, out);
  }

  /** One of the party's own tracks, and who asked for it when (and the hub's record of that). */
  private void ownTrack(Context ctx) {
    Plan p = plan(ctx);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("id", p.id().toString());
    out.put("state", p.state().name());
    ArrayNode pos = out.putArray("positions");
    List<NodeStore.Position> track = store.track(p.id(), 10_000);
    for (int i = track.size() - 1; i >= 0; i--) {
      pos.add(point(track.get(i).measuredMs(), Plan.Docs.readTree(track.get(i).doc())));
    }
    ArrayNode marks = out.putArray("requests");
    for (NodeStore.Mark m : store.marks(p.id())) {
      ObjectNode n = marks.addObject();
      n.put("peer", m.peer());
      n.put("first", m.mark());
      n.put("at", Instant.ofEpochMilli(m.atMs()).toString());
      n.put("status", m.status());
      if (m.hubReport() != null) {
        n.put("hub_report", m.hubReport());
      }
    }
    Json.send(ctx, 200, out);
  }

  /**
   * Every track the node holds, oldest position first: the party's own, and those other parties'
   * nodes served for their off-nominal operations. The console draws them.
   */
  private void tracks(Context ctx) {
    Map<UUID, ObjectNode> byId = new LinkedHashMap<>();
    for (NodeStore.Position x : store.tracks(500)) {
      ObjectNode t = byId.computeIfAbsent(x.entityId(), id -> {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id.toString());
        n.put("manager", x.manager());
        boolean own = x.manager().equals(party);
        n.put("own", own);
        n.put("state", own ? ownState(id) : othersState(id));
        n.putArray("positions");
        return n;
      });
      ((ArrayNode) t.get("positions")).insert(0, point(x.measuredMs(), Plan.Docs.readTree(x.doc())));
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode arr = out.putArray("tracks");
    byId.values().forEach(arr::add);
    Json.send(ctx, 200, out);
  }

  private String ownState(UUID id) {
    Plan p = planner.plan(id);
    return p == null ? "Unknown" : p.state().name();
  }

  private String othersState(UUID id) {
    NodeStore.Seen s = store.seen(id);
    if (s == null || s.deleted() || s.doc() == null) {
      return "Ended";
    }
    return Plan.Docs.readTree(s.doc()).path("reference").path("state").asText("Unknown");
  }

  /** A position as the console draws it: time, latitude, longitude, and altitude and velocity when known. */
  static ObjectNode point(long measuredMs, JsonNode telemetry) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("time", Instant.ofEpochMilli(measuredMs).toString());
    JsonNode pos = telemetry.path("position");
    n.set("lat", pos.path("latitude"));
    n.set("lng", pos.path("longitude"));
    if (pos.has("altitude")) {
      n.set("alt_m", pos.path("altitude").path("value"));
    }
    JsonNode v = telemetry.path("velocity");
    if (v.has("speed")) {
      n.set("speed_mps", v.get("speed"));
    }
    if (v.has("track")) {
      n.set("track_deg", v.get("track"));
    }
    return n;
  }

  private void notifications(Context ctx) {
    String s = ctx.queryParam("status");
    NodeStore.Status status = null;
    if (s != null) {
      try {
        status = NodeStore.Status.valueOf(s);
      } catch (IllegalArgumentException e) {
        throw FieldErrors.invalid("status", s, "is not pending, delivered or failed");
      }
    }
    ArrayNode arr = Json.MAPPER.createArrayNode();
    for (Delivery d : store.deliveries(status, 500)) {
      arr.add(json(d));
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("notifications", arr);
    Json.send(ctx, 200, out);
  }

  static ObjectNode json(Delivery d) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("delivery", d.id());
    n.put("kind", d.kind());
    n.put("id", d.entityId().toString());
    n.put("url", d.url());
    n.put("status", d.status().name());
    n.put("attempts", d.attempts());
    n.put("created", Instant.ofEpochMilli(d.createdMs()).toString());
    if (d.status() == NodeStore.Status.pending) {
      n.put("next_attempt", Instant.ofEpochMilli(d.nextAttemptMs()).toString());
    }
    if (d.deliveredMs() != null) {
      n.put("delivered", Instant.ofEpochMilli(d.deliveredMs()).toString());
      n.put("latency_ms", d.deliveredMs() - d.createdMs());
    }
    if (d.lastStatus() != null) {
      n.put("last_status", d.lastStatus());
    }
    if (d.lastError() != null) {
      n.put("last_error", d.lastError());
    }
    if (d.hubReport() != null) {
      n.put("hub_report", d.hubReport());
    }
    return n;
  }
}
