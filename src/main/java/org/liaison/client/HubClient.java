package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.astm.Wire;
import org.liaison.geo.Volume4D;
import org.liaison.http.JsonHttp;
import org.liaison.json.ObjectView;
import org.liaison.proof.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed client of a hub's ASTM F3548 DSS API ({@code /dss/v1}). Node, CLI and bench all use
 * it. Safe to share between threads. Every method throws {@link ServiceException} when the hub
 * does not answer as expected; a write refused for a missing key throws {@link
 * KeyConflictException}. Write results carry the ledger receipt of the {@code Liaison-Receipt}
 * header.
 */
public final class HubClient {
  private static final Logger log = LoggerFactory.getLogger(HubClient.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** The response header that carries the ledger receipt of a write. */
  public static final String RECEIPT_HEADER = "Liaison-Receipt";

  /** Parameters of an operational intent reference write. */
  public record OperationalIntentParams(
      List<Volume4D> extents,
      String state,
      Collection<String> key,
      String ussBaseUrl,
      UUID subscriptionId,
      boolean newImplicitSubscription,
      boolean implicitForConstraints) {}

  /** Parameters of a subscription write; a subscription has one volume and lasts at most 24 h. */
  public record SubscriptionParams(
      Volume4D extents, String ussBaseUrl, boolean notifyForOperationalIntents, boolean notifyForConstraints) {}

  /** A party's availability as arbitrated at the hub; {@code version} is empty before any change. */
  public record Availability(String party, String availability, String version) {}

  private final URI base;
  private final Rest rest;
  private final Duration timeout;

  public HubClient(URI hub, TokenProvider tokens) {
    this.base = trimmed(hub);
    this.rest = new Rest(JsonHttp.shared(), tokens);
    this.timeout = Duration.ofSeconds(10);
  }

  public HubClient(URI hub, TokenProvider tokens, HttpClient http, Duration timeout) {
    this.base = trimmed(hub);
    this.rest = new Rest(new JsonHttp(http), tokens);
    this.timeout = timeout;
  }

  private static URI trimmed(URI hub) {
    String s = hub.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  public URI base() {
    return base;
  }

  private URI url(String path) {
    return URI.create(base + path);
  }

  private Rest.Reply call(String method, String path, JsonNode body) {
    return rest.call(method, url(path), body, timeout);
  }

  private static Rest.Reply expect(Rest.Reply r, int... ok) {
    for (int s : ok) {
      if (r.status() == s) {
        return r;
      }
    }
    throw r.error();
  }

  // ---------------------------------------------------------------- operational intents

  public List<OperationalIntentRef> queryOperationalIntents(Volume4D area) {
    Rest.Reply r = expect(call("POST", "/dss/v1/operational_intent_references/query", aoi(area)), 200);
    return r.read(n -> list(n, "operational_intent_references", OperationalIntentRef::parse));
  }

  public OperationalIntentRef getOperationalIntent(UUID id) {
    Rest.Reply r = expect(call("GET", "/dss/v1/operational_intent_references/" + id, null), 200);
    return r.read(n -> OperationalIntentRef.parse(n.obj("operational_intent_reference")));
  }

  /** Creates ({@code ovn} null) or updates the reference {@code id}. */
  public Written<OperationalIntentRef> putOperationalIntent(UUID id, String ovn, OperationalIntentParams p) {
    ObjectNode b = JSON.objectNode();
    b.set("extents", volumes(p.extents()));
    ArrayNode key = b.putArray("key");
    p.key().forEach(key::add);
    b.put("state", p.state());
    b.put("uss_base_url", p.ussBaseUrl());
    if (p.subscriptionId() != null) {
      b.put("subscription_id", p.subscriptionId().toString());
    } else if (p.newImplicitSubscription()) {
      b.putObject("new_subscription").put("uss_base_url", p.ussBaseUrl())
          .put("notify_for_constraints", p.implicitForConstraints());
    }
    String path = "/dss/v1/operational_intent_references/" + id + (ovn == null ? "" : "/" + ovn);
    Rest.Reply r = call("PUT", path, b);
    if (r.status() == 409) {
      JsonNode n = r.json();
      if (n.has("missing_operational_intents") || n.has("missing_constraints")) {
        throw r.read(x -> new KeyConflictException("PUT", url(path), x.node().path("message").asText(),
            list(x, "missing_operational_intents", OperationalIntentRef::parse),
            list(x, "missing_constraints", ConstraintRef::parse)));
      }
    }
    return oiWritten(expect(r, 200, 201));
  }

  public Written<OperationalIntentRef> deleteOperationalIntent(UUID id, String ovn) {
    return oiWritten(expect(call("DELETE", "/dss/v1/operational_intent_references/" + id + "/" + ovn, null), 200));
  }

  private Written<OperationalIntentRef> oiWritten(Rest.Reply r) {
    return r.read(n -> new Written<>(
        OperationalIntentRef.parse(n.obj("operational_intent_reference")),
        Subscriber.parseList(n, "subscribers"), receipt(r)));
  }

  // ---------------------------------------------------------------- constraints

  public List<ConstraintRef> queryConstraints(Volume4D area) {
    Rest.Reply r = expect(call("POST", "/dss/v1/constraint_references/query", aoi(area)), 200);
    return r.read(n -> list(n, "constraint_references", ConstraintRef::parse));
  }

  public ConstraintRef getConstraint(UUID id) {
    Rest.Reply r = expect(call("GET", "/dss/v1/constraint_references/" + id, null), 200);
    return r.read(n -> ConstraintRef.parse(n.obj("constraint_reference")));
  }

  public Written<ConstraintRef> putConstraint(UUID id, String ovn, List<Volume4D> extents, String ussBaseUrl) {
    ObjectNode b = JSON.objectNode();
    b.set("extents", volumes(extents));
    b.put("uss_base_url", ussBaseUrl);
    return constraintWritten(expect(call("PUT", "/dss/v1/constraint_references/" + id + (ovn == null ? "" : "/" + ovn), b), 200, 201));
  }

  public Written<ConstraintRef> deleteConstraint(UUID id, String ovn) {
    return constraintWritten(expect(call("DELETE", "/dss/v1/constraint_references/" + id + "/" + ovn, null), 200));
  }

  private Written<ConstraintRef> constraintWritten(Rest.Reply r) {
    return r.read(n -> new Written<>(
        ConstraintRef.parse(n.obj("constraint_reference")),
        Subscriber.parseList(n, "subscribers"), receipt(r)));
  }

  // ---------------------------------------------------------------- subscriptions

  /** Creates ({@code version} null) or updates the subscription {@code id}. */
  public Written<SubscriptionRef> putSubscription(UUID id, String version, SubscriptionParams p) {
    ObjectNode b = JSON.objectNode();
    b.set("extents", Wire.volume(p.extents()));
    b.put("uss_base_url", p.ussBaseUrl());
    b.put("notify_for_operational_intents", p.notifyForOperationalIntents());
    b.put("notify_for_constraints", p.notifyForConstraints());
    Rest.Reply r = expect(call("PUT", "/dss/v1/subscriptions/" + id + (version == null ? "" : "/" + version), b), 200, 201);
    return r.read(n -> new Written<>(subscription(n), List.of(), receipt(r)));
  }

  public SubscriptionRef getSubscription(UUID id) {
    return expect(call("GET", "/dss/v1/subscriptions/" + id, null), 200).read(HubClient::subscription);
  }

  public List<SubscriptionRef> querySubscriptions(Volume4D area) {
    Rest.Reply r = expect(call("POST", "/dss/v1/subscriptions/query", aoi(area)), 200);
    return r.read(n -> list(n, "subscriptions", SubscriptionRef::parse));
  }

  public Written<SubscriptionRef> deleteSubscription(UUID id, String version) {
    Rest.Reply r = expect(call("DELETE", "/dss/v1/subscriptions/" + id + "/" + version, null), 200);
    return r.read(n -> new Written<>(subscription(n), List.of(), receipt(r)));
  }

  private static SubscriptionRef subscription(ObjectView n) {
    return SubscriptionRef.parse(n.obj("subscription"));
  }

  // ---------------------------------------------------------------- reports and availability

  /**
   * Files an ASTM ErrorReport (an object with an {@code exchange}) and returns the hub's report
   * id.
   */
  public String report(ObjectNode errorReport) {
    return fileReport(errorReport).value();
  }

  /** As {@link #report}, with the ledger receipt of the hub's {@code report.filed} entry. */
  public Written<String> fileReport(ObjectNode errorReport) {
    Rest.Reply r = expect(call("POST", "/dss/v1/reports", errorReport), 201);
    return new Written<>(r.read(n -> n.string("report_id")), List.of(), receipt(r));
  }

  public Availability availability(String party) {
    Rest.Reply r = expect(call("GET", "/dss/v1/uss_availability/" + party, null), 200);
    return r.read(HubClient::availability);
  }

  public Availability setAvailability(String party, String oldVersion, String availability) {
    ObjectNode b = JSON.objectNode();
    b.put("old_version", oldVersion == null ? "" : oldVersion);
    b.put("availability", availability);
    return expect(call("PUT", "/dss/v1/uss_availability/" + party, b), 200).read(HubClient::availability);
  }

  private static Availability availability(ObjectView n) {
    ObjectView st = n.obj("status");
    return new Availability(st.string("uss"), st.string("availability"), n.string("version"));
  }

  // ---------------------------------------------------------------- helpers

  private static <T> List<T> list(ObjectView n, String field, Function<ObjectView, T> parse) {
    List<ObjectView> items = n.arrayOrEmpty(field).objects();
    List<T> out = new ArrayList<>(items.size());
    for (ObjectView item : items) {
      out.add(parse.apply(item));
    }
    return out;
  }

  private static ArrayNode volumes(List<Volume4D> vs) {
    ArrayNode arr = JSON.arrayNode();
    vs.forEach(v -> arr.add(Wire.volume(v)));
    return arr;
  }

  /** An area of interest; unbounded times and altitudes are left out, as the API reads them. */
  static ObjectNode aoi(Volume4D area) {
    ObjectNode v = Wire.volume(area);
    if (area.time().start().equals(Instant.MIN)) {
      v.remove("time_start");
    }
    if (area.time().end().equals(Instant.MAX)) {
      v.remove("time_end");
    }
    ObjectNode b = JSON.objectNode();
    b.set("area_of_interest", v);
    return b;
  }

  private static Receipt receipt(Rest.Reply r) {
    Optional<String> h = r.headers().firstValue(RECEIPT_HEADER);
    if (h.isEmpty()) {
      return null;
    }
    try {
      return Receipt.fromHeaderValue(h.get());
    } catch (IllegalArgumentException e) {
      // The write took effect; a receipt we cannot read must not make it look failed.
      log.warn("{} {}: unreadable {} header: {}", r.method(), r.url(), RECEIPT_HEADER, e.getMessage());
      return null;
    }
  }
}
