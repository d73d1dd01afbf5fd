package org.liaison.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import org.liaison.client.Fields;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.http.StreamGate;
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
  private final SeparationPolicy policy;
  private final Clock clock;
  private final StreamGate streams;

  OperatorRoutes(String token, String party, Planner planner, Restrictions restrictions, Picture picture,
      NodeStore store, Events events, SeparationPolicy policy, Clock clock, StreamGate streams) {
    this.streams = streams;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.party = party;
    this.planner = planner;
    this.restrictions = restrictions;
    this.picture = picture;
    this.store = store;
    this.events = events;
    this.policy = policy;
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
    r.get("/liaison/v1/separation", ctx -> Json.send(ctx, 200, policy.toJson()));
  }

  /**
   * The stream takes a place from the node's stream limits first (429 when none is left), then
   * waits without a request thread ({@link SseClient#keepAlive()} suspends the request).
   */
  private void stream(Context ctx) throws Exception {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new ApiException(406, "GET /liaison/v1/events is a stream of server-sent events: send Accept: text/event-stream");
    }
    StreamGate.Ticket ticket = streams.open(party);
    try {
      new SseHandler(0, client -> {
        client.keepAlive();
        client.sendComment("liaison node " + party + ": events plan, operational_intent, constraint, restriction, delivery, report");
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
      throw new ApiException(401, "the node's operator token is required (the file operator-token in the node's data directory)");
    }
  }

  private static UUID id(Context ctx) {
    return Fields.uuid(ctx.pathParam("id"), "id");
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

  private void notifications(Context ctx) {
    String s = ctx.queryParam("status");
    NodeStore.Status status = null;
    if (s != null) {
      try {
        status = NodeStore.Status.valueOf(s);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("status \"%s\" is not pending, delivered or failed", Fields.truncate(s));
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
