package org.liaison.deconfliction;

import org.liaison.astm.ErrorReports;
import org.liaison.astm.Extents;
import org.liaison.astm.Times;
import org.liaison.astm.Wire;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;
import org.liaison.proof.Receipt;

/** The ASTM F3548-21 DSS API ({@code /dss/v1}) over {@link Airspace}. */
public final class DssRoutes {
  private static final String SC = "utm.strategic_coordination";
  private static final String CM = "utm.constraint_management";
  private static final String CP = "utm.constraint_processing";
  private static final String CMSA = "utm.conformance_monitoring_sa";
  private static final String AA = "utm.availability_arbitration";

  private static final List<Set<String>> OI_READ = List.of(Set.of(SC), Set.of(CMSA));
  private static final List<Set<String>> OI_WRITE = List.of(Set.of(SC), Set.of(SC, CP), Set.of(CMSA));
  private static final List<Set<String>> C_READ = List.of(Set.of(CM), Set.of(CP));
  private static final List<Set<String>> C_WRITE = List.of(Set.of(CM));
  private static final List<Set<String>> SUBS = List.of(Set.of(CP), Set.of(SC));
  private static final List<Set<String>> REPORT =
      List.of(Set.of(CM), Set.of(CP), Set.of(SC), Set.of(CMSA), Set.of(AA));
  private static final List<Set<String>> AVAIL_READ = List.of(Set.of(AA), Set.of(SC), Set.of(CMSA));
  private static final List<Set<String>> AVAIL_WRITE = List.of(Set.of(AA));
  private static final List<Set<String>> PICTURE =
      List.of(Set.of(SC), Set.of(CM), Set.of(CP), Set.of("liaison.console"));

  /** Response header carrying the base64url JSON ledger receipt of a write. */
  public static final String RECEIPT_HEADER = "Liaison-Receipt";
  /**
   * Request attribute set on a 409 of the key rule: how many references the key missed. Metrics
   * count these without the routes knowing about them.
   */
  public static final String KEY_CONFLICT_ATTRIBUTE = "liaison.key_conflict";

  private final Airspace airspace;
  private final Guard guard;
  private final Render render;
  private final SignedDeclarations declarations;

  public DssRoutes(Airspace airspace, Guard guard) {
    this(airspace, guard, SignedDeclarations.NONE);
  }

  /** {@code declarations} checks and records the parties' signed declarations ({@value SignedDeclarations#HEADER}). */
  public DssRoutes(Airspace airspace, Guard guard, SignedDeclarations declarations) {
    this.airspace = airspace;
    this.guard = guard;
    this.render = new Render(p -> airspace.availability(p).availability());
    this.declarations = declarations;
  }

  public void register(RoutesConfig r) {
    String oir = "/dss/v1/operational_intent_references";
    r.post(oir + "/query", this::queryOis);
    r.get(oir + "/{entityid}", this::getOi);
    r.put(oir + "/{entityid}", ctx -> putOi(ctx, null));
    r.put(oir + "/{entityid}/{ovn}", ctx -> putOi(ctx, ctx.pathParam("ovn")));
    r.delete(oir + "/{entityid}/{ovn}", this::deleteOi);

    String cr = "/dss/v1/constraint_references";
    r.post(cr + "/query", this::queryConstraints);
    r.get(cr + "/{entityid}", this::getConstraint);
    r.put(cr + "/{entityid}", ctx -> putConstraint(ctx, null));
    r.put(cr + "/{entityid}/{ovn}", ctx -> putConstraint(ctx, ctx.pathParam("ovn")));
    r.delete(cr + "/{entityid}/{ovn}", this::deleteConstraint);

    String subs = "/dss/v1/subscriptions";
    r.post(subs + "/query", this::querySubscriptions);
    r.get(subs + "/{subscriptionid}", this::getSubscription);
    r.put(subs + "/{subscriptionid}", ctx -> putSubscription(ctx, null));
    r.put(subs + "/{subscriptionid}/{version}", ctx -> putSubscription(ctx, ctx.pathParam("version")));
    r.delete(subs + "/{subscriptionid}/{version}", this::deleteSubscription);

    r.post("/dss/v1/reports", this::report);
    r.get("/liaison/v1/airspace", this::picture);
    r.get("/dss/v1/uss_availability/{uss_id}", this::getAvailability);
    r.put("/dss/v1/uss_availability/{uss_id}", this::putAvailability);
  }

  private Principal auth(Context ctx, List<Set<String>> scopes) {
    return guard.check(ctx.header("Authorization"), scopes);
  }

  private static UUID id(Context ctx, String param) {
    return Wire.uuid(ctx.pathParam(param), param);
  }

  private static List<Volume4D> areaOfInterest(JsonNode body) {
    Wire.object(body, "body");
    JsonNode aoi = Wire.required(body, "area_of_interest", "");
    return List.of(Wire.volume4d(aoi, "area_of_interest", Wire.Mode.QUERY, null).volume());
  }

  // ---- operational intents

  private void queryOis(Context ctx) {
    Principal p = auth(ctx, OI_READ);
    List<Volume4D> area = areaOfInterest(Json.body(ctx));
    Json.sendBytes(ctx, 200, render.ois(airspace.queryOis(area), p.party()));
  }

  private void getOi(Context ctx) {
    Principal p = auth(ctx, OI_READ);
    ObjectNode out = Wire.JSON.objectNode();
    out.set("operational_intent_reference", render.oi(airspace.getOi(id(ctx, "entityid")), p.party()));
    Json.send(ctx, 200, out);
  }

  private void putOi(Context ctx, String ovn) {
    Principal p = auth(ctx, OI_WRITE);
    UUID id = id(ctx, "entityid");
    JsonNode body = Json.body(ctx);
    SignedDeclarations.Signed signed = declarations.check(ctx, p.party());
    Airspace.OiResult r;
    try {
      r = airspace.putOi(p.party(), p.scopes(), id, ovn, body);
    } catch (Airspace.KeyConflict k) {
      ctx.attribute(KEY_CONFLICT_ATTRIBUTE, k.missingOis.size() + k.missingConstraints.size());
      ObjectNode missing = Wire.JSON.objectNode();
      ArrayNode mo = missing.putArray("missing_operational_intents");
      k.missingOis.forEach(oi -> mo.add(render.oi(oi, p.party())));
      ArrayNode mc = missing.putArray("missing_constraints");
      k.missingConstraints.forEach(c -> mc.add(render.constraint(c, p.party())));
      throw new ApiException(ApiException.Kind.CONFLICT, k.getMessage()).withDetails(missing);
    }
    declarations.record(signed, id.toString(), r.receipt());
    receipt(ctx, r.receipt());
    Json.send(ctx, ovn == null ? 201 : 200, oiChange(r, p));
  }

  /** The ledger receipt goes in a header, so ASTM bodies stay exactly as the spec says. */
  private static void receipt(Context ctx, Receipt receipt) {
    ctx.header(RECEIPT_HEADER, receipt.toHeaderValue());
  }

  private void deleteOi(Context ctx) {
    Principal p = auth(ctx, OI_READ);
    SignedDeclarations.Signed signed = declarations.check(ctx, p.party());
    Airspace.OiResult r = airspace.deleteOi(p.party(), id(ctx, "entityid"), ctx.pathParam("ovn"));
    declarations.record(signed, ctx.pathParam("entityid"), r.receipt());
    receipt(ctx, r.receipt());
    Json.send(ctx, 200, oiChange(r, p));
  }

  private ObjectNode oiChange(Airspace.OiResult r, Principal p) {
    ObjectNode out = Wire.JSON.objectNode();
    out.set("subscribers", Render.subscribers(r.subscribers()));
    out.set("operational_intent_reference", render.oi(r.oi(), p.party()));
    return out;
  }

  // ---- constraints

  private void queryConstraints(Context ctx) {
    Principal p = auth(ctx, C_READ);
    List<Volume4D> area = areaOfInterest(Json.body(ctx));
    Json.sendBytes(ctx, 200, render.constraints(airspace.queryConstraints(area), p.party()));
  }

  private void getConstraint(Context ctx) {
    Principal p = auth(ctx, C_READ);
    ObjectNode out = Wire.JSON.objectNode();
    out.set("constraint_reference", render.constraint(airspace.getConstraint(id(ctx, "entityid")), p.party()));
    Json.send(ctx, 200, out);
  }

  private void putConstraint(Context ctx, String ovn) {
    Principal p = auth(ctx, C_WRITE);
    SignedDeclarations.Signed signed = declarations.check(ctx, p.party());
    Airspace.ConstraintResult r = airspace.putConstraint(p.party(), id(ctx, "entityid"), ovn, Json.body(ctx));
    declarations.record(signed, ctx.pathParam("entityid"), r.receipt());
    receipt(ctx, r.receipt());
    Json.send(ctx, ovn == null ? 201 : 200, constraintChange(r, p));
  }

  private void deleteConstraint(Context ctx) {
    Principal p = auth(ctx, C_WRITE);
    SignedDeclarations.Signed signed = declarations.check(ctx, p.party());
    Airspace.ConstraintResult r =
        airspace.deleteConstraint(p.party(), id(ctx, "entityid"), ctx.pathParam("ovn"));
    declarations.record(signed, ctx.pathParam("entityid"), r.receipt());
    receipt(ctx, r.receipt());
    Json.send(ctx, 200, constraintChange(r, p));
  }

  private ObjectNode constraintChange(Airspace.ConstraintResult r, Principal p) {
    ObjectNode out = Wire.JSON.objectNode();
    out.set("subscribers", Render.subscribers(r.subscribers()));
    out.set("constraint_reference", render.constraint(r.constraint(), p.party()));
    return out;
  }

  // ---- subscriptions

  private ObjectNode sub(Subscription s) {
    return render.subscription(s, airspace.dependentsOf(s.id()));
  }

  private void querySubscriptions(Context ctx) {
    Principal p = auth(ctx, SUBS);
    List<Volume4D> area = areaOfInterest(Json.body(ctx));
    ObjectNode out = Wire.JSON.objectNode();
    ArrayNode arr = out.putArray("subscriptions");
    airspace.querySubscriptions(p.party(), area).forEach(s -> arr.add(sub(s)));
    Json.send(ctx, 200, out);
  }

  private void getSubscription(Context ctx) {
    Principal p = auth(ctx, SUBS);
    ObjectNode out = Wire.JSON.objectNode();
    out.set("subscription", sub(airspace.getSubscription(p.party(), id(ctx, "subscriptionid"))));
    Json.send(ctx, 200, out);
  }

  private void putSubscription(Context ctx, String version) {
    Principal p = auth(ctx, SUBS);
    Airspace.SubscriptionResult r = airspace.putSubscription(
        p.party(), p.scopes(), id(ctx, "subscriptionid"), version, Json.body(ctx));
    ObjectNode out = Wire.JSON.objectNode();
    out.set("subscription", sub(r.subscription()));
    // ASTM F3548-21 includes each list only when the subscription asked for that kind, and
    // InterUSS omits it otherwise.
    if (r.subscription().notifyForOperationalIntents()) {
      ArrayNode ois = out.putArray("operational_intent_references");
      r.ois().forEach(oi -> ois.add(render.oi(oi, p.party())));
    }
    if (r.subscription().notifyForConstraints()) {
      ArrayNode cs = out.putArray("constraint_references");
      r.constraints().forEach(c -> cs.add(render.constraint(c, p.party())));
    }
    receipt(ctx, r.receipt());
    // Unlike references, the spec's createSubscription answers 200, and InterUSS's uss_qualifier
    // counts anything else as a failed create.
    Json.send(ctx, 200, out);
  }

  private void deleteSubscription(Context ctx) {
    Principal p = auth(ctx, SUBS);
    Airspace.Recorded<Subscription> s = airspace.deleteSubscription(
        p.party(), id(ctx, "subscriptionid"), ctx.pathParam("version"));
    ObjectNode out = Wire.JSON.objectNode();
    out.set("subscription", render.subscription(s.value(), Set.of()));
    receipt(ctx, s.receipt());
    Json.send(ctx, 200, out);
  }

  // ---- the shared picture

  /**
   * Every notice and restriction with its volumes, for consoles and reports: where, when and who,
   * never an OVN. Optional {@code from}/{@code to} (RFC 3339) keep those active in that window.
   */
  private void picture(Context ctx) {
    auth(ctx, PICTURE);
    java.time.Instant from = ctx.queryParam("from") == null ? null : Times.parse(ctx.queryParam("from"), "from").instant();
    java.time.Instant to = ctx.queryParam("to") == null ? null : Times.parse(ctx.queryParam("to"), "to").instant();
    ObjectNode out = Wire.JSON.objectNode();
    ArrayNode ois = out.putArray("notices");
    for (OperationalIntent oi : airspace.allOis()) {
      if (active(oi.extents(), from, to)) {
        ObjectNode n = render.oi(oi, "");
        n.remove("ovn");
        ArrayNode vs = n.putArray("extents");
        oi.extents().volumes().forEach(v -> vs.add(Wire.volume(v)));
        ois.add(n);
      }
    }
    ArrayNode cs = out.putArray("restrictions");
    for (Constraint c : airspace.allConstraints()) {
      if (active(c.extents(), from, to)) {
        ObjectNode n = render.constraint(c, "");
        n.remove("ovn");
        ArrayNode vs = n.putArray("extents");
        c.extents().volumes().forEach(v -> vs.add(Wire.volume(v)));
        cs.add(n);
      }
    }
    Json.send(ctx, 200, out);
  }

  private static boolean active(Extents e, java.time.Instant from, java.time.Instant to) {
    return (from == null || e.span().end().isAfter(from)) && (to == null || e.span().start().isBefore(to));
  }

  // ---- reports and availability

  private void report(Context ctx) {
    Principal p = auth(ctx, REPORT);
    ObjectNode report = ErrorReports.validate(Json.body(ctx));
    String reportId = UUID.randomUUID().toString();
    report.put("report_id", reportId);
    receipt(ctx, airspace.saveReport(reportId, p.party(), report.toString()));
    Json.send(ctx, 201, report);
  }

  private ObjectNode availability(PartyAvailability a) {
    ObjectNode out = Wire.JSON.objectNode();
    ObjectNode st = out.putObject("status");
    st.put("uss", a.party());
    st.put("availability", a.availability().name());
    out.put("version", a.version() == 0 ? "" : String.valueOf(a.version()));
    return out;
  }

  private void getAvailability(Context ctx) {
    auth(ctx, AVAIL_READ);
    Json.send(ctx, 200, availability(airspace.availability(ussId(ctx))));
  }

  private void putAvailability(Context ctx) {
    Principal p = auth(ctx, AVAIL_WRITE);
    Airspace.Recorded<PartyAvailability> a = airspace.setAvailability(p.party(), ussId(ctx), Json.body(ctx));
    receipt(ctx, a.receipt());
    Json.send(ctx, 200, availability(a.value()));
  }

  private static String ussId(Context ctx) {
    String id = ctx.pathParam("uss_id");
    if (id.isBlank() || id.length() > 255) {
      throw ApiException.badRequest("uss_id \"%s\" must be 1 to 255 characters", id.length() > 64 ? id.substring(0, 64) + "…" : id);
    }
    return id;
  }
}
