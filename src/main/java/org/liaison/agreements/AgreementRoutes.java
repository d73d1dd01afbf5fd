package org.liaison.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.proof.Receipt;

/** The agreements API under {@code /liaison/v1/agreements}, with the channels' scopes. */
public final class AgreementRoutes {
  static final String BASE = "/liaison/v1/agreements";
  private static final List<Set<String>> READ = List.of(Set.of("liaison.channels.read"),
      Set.of("liaison.channels.write"));
  private static final List<Set<String>> WRITE = List.of(Set.of("liaison.channels.write"));

  private final Agreements agreements;
  private final Guard guard;

  public AgreementRoutes(Agreements agreements, Guard guard) {
    this.agreements = agreements;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.get(BASE + "/schema.json", ctx -> ctx.contentType("application/schema+json").result(AgreementFormat.schema()));
    r.get(BASE, ctx -> {
      Principal p = auth(ctx, READ);
      ObjectNode out = Json.MAPPER.createObjectNode();
      ArrayNode arr = out.putArray("agreements");
      agreements.list(p.party()).forEach(s -> arr.add(view(s, List.of(), false)));
      Json.send(ctx, 200, out);
    });
    r.post(BASE, ctx -> {
      Principal p = auth(ctx, WRITE);
      Agreements.Changed c = agreements.propose(p.party(), Json.body(ctx));
      Json.send(ctx, 201, view(c.agreement(), c.receipts(), true));
    });
    r.get(BASE + "/in-force", ctx -> {
      Principal p = auth(ctx, READ);
      ObjectNode out = Json.MAPPER.createObjectNode();
      ArrayNode arr = out.putArray("agreements");
      for (AgreementStore.Stored s : agreements.list(p.party())) {
        AgreementStore.Version v = s.inForce();
        if (v != null && v.accepted().containsKey(p.party())) {
          arr.addObject().put("id", s.id()).put("version", v.version()).put("in_force", v.inForce().toString())
              .set("document", Json.MAPPER.readTree(v.document()));
        }
      }
      Json.send(ctx, 200, out);
    });
    r.get(BASE + "/{id}", ctx -> {
      Principal p = auth(ctx, READ);
      Json.send(ctx, 200, view(agreements.show(p.party(), ctx.pathParam("id")), List.of(), true));
    });
    r.put(BASE + "/{id}", ctx -> {
      Principal p = auth(ctx, WRITE);
      Agreements.Changed c = agreements.amend(p.party(), ctx.pathParam("id"), Json.body(ctx));
      Json.send(ctx, 200, view(c.agreement(), c.receipts(), true));
    });
    r.post(BASE + "/{id}/accept", ctx -> {
      Principal p = auth(ctx, WRITE);
      Agreements.Changed c = agreements.accept(p.party(), ctx.pathParam("id"), version(ctx),
          signature(ctx, "an acceptance", Set.of("version", "signature")));
      Json.send(ctx, 200, view(c.agreement(), c.receipts(), true).put("changed", c.changed()));
    });
    r.get(BASE + "/{id}/compliance", ctx -> {
      Principal p = auth(ctx, READ);
      Instant to = instant(ctx, "to", agreements.now());
      Instant from = instant(ctx, "from", to.minus(java.time.Duration.ofDays(1)));
      Json.send(ctx, 200, agreements.compliance(p.party(), ctx.pathParam("id"), from, to));
    });
    r.post(BASE + "/{id}/withdraw", ctx -> {
      Principal p = auth(ctx, WRITE);
      Agreements.Changed c = agreements.withdraw(p.party(), ctx.pathParam("id"),
          signature(ctx, "a withdrawal", Set.of("signature")));
      Json.send(ctx, 200, view(c.agreement(), c.receipts(), true));
    });
  }

  private static Instant instant(Context ctx, String name, Instant dflt) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) {
      return dflt;
    }
    try {
      return Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiException.badRequest("%s \"%s\" is not an RFC 3339 time such as 2026-03-01T06:00:00Z", name,
          org.liaison.errors.Values.truncate(s));
    }
  }

  private Principal auth(Context ctx, List<Set<String>> scopes) {
    return guard.check(ctx.header("Authorization"), scopes);
  }

  /** The {@code signature} of an optional JSON object body holding only {@code fields}, or null. */
  private static JsonNode signature(Context ctx, String what, Set<String> fields) {
    if (ctx.body().isBlank()) {
      return null;
    }
    JsonNode b = Json.body(ctx);
    if (!b.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object, got %s", b.getNodeType());
    }
    for (var it = b.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw ApiException.badRequest("%s is not a field of %s; it takes %s", org.liaison.errors.Values.truncate(f),
            what, String.join(" and ", new java.util.TreeSet<>(fields)));
      }
    }
    return b.get("signature");
  }

  /** The optional {@code {"version": N}} body of an acceptance: accept only if N is still the latest. */
  private static Integer version(Context ctx) {
    if (ctx.body().isBlank()) {
      return null;
    }
    JsonNode b = Json.body(ctx);
    if (!b.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object, got %s", b.getNodeType());
    }
    for (var it = b.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (!f.equals("version") && !f.equals("signature")) {
        throw ApiException.badRequest("%s is not a field of an acceptance; it takes version and signature", f);
      }
    }
    JsonNode v = b.get("version");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
      throw ApiException.badRequest("version must be a whole number of at least 1, got %s", v);
    }
    return v.asInt();
  }

  static ObjectNode view(AgreementStore.Stored s, List<Receipt> receipts, boolean full) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", s.id()).put("status", s.status()).put("proposed_by", s.proposedBy())
        .put("created", s.created().toString());
    AgreementStore.Version inForce = s.inForce();
    AgreementStore.Version latest = s.latest();
    if (inForce == null) {
      n.putNull("in_force_version");
    } else {
      n.put("in_force_version", inForce.version());
    }
    n.put("latest_version", latest.version());
    n.put("withdrawn_by", s.withdrawnBy());
    n.put("withdrawn", time(s.withdrawn()));
    n.put("withdraw_leaf_hash", s.withdrawLeaf());
    JsonNode doc;
    try {
      doc = Json.MAPPER.readTree(latest.document());
    } catch (IOException e) {
      throw new IllegalStateException("stored agreement " + s.id() + " is not JSON", e);
    }
    n.put("title", doc.path("title").asText());
    if (full) {
      n.set("document", doc);
    }
    ArrayNode ps = n.putArray("parties");
    // In the document's order.
    doc.path("parties").forEach(p -> ps.addObject().put("party", p.asText())
        .put("accepted", time(latest.accepted().get(p.asText()))));
    if (full) {
      ArrayNode vs = n.putArray("versions");
      for (AgreementStore.Version v : s.versions()) {
        ObjectNode o = vs.addObject().put("version", v.version()).put("document_sha256", v.sha256())
            .put("proposed_by", v.proposedBy()).put("proposed", v.proposed().toString())
            .put("in_force", time(v.inForce())).put("propose_leaf_hash", v.proposeLeaf());
        ObjectNode acc = o.putObject("accept_leaf_hashes");
        v.acceptLeaves().forEach(acc::put);
      }
    }
    if (!receipts.isEmpty()) {
      ArrayNode rs = n.putArray("receipts");
      for (Receipt r : receipts) {
        try {
          rs.add(Json.MAPPER.readTree(r.toJson()));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return n;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
