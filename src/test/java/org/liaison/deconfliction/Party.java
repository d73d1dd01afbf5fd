package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** One party talking to the hub with its own token. Its base URL is {@code https://<name>.example}. */
public final class Party {
  static final String OIR = "/dss/v1/operational_intent_references/";
  static final String CR = "/dss/v1/constraint_references/";
  static final String SUBS = "/dss/v1/subscriptions/";
  static final String AVAILABILITY = "/dss/v1/uss_availability/";

  public final String name;
  private final DssClient http;
  private final String token;

  Party(DssClient http, String name, String token) {
    this.http = http;
    this.name = name;
    this.token = token;
  }

  public String url() {
    return "https://" + name + ".example";
  }

  public String token() {
    return token;
  }

  public Resp send(String method, String path, Object body) {
    Object b = body instanceof Req r ? r.json(http.now(), url()) : body;
    return http.send(method, path, b, "Bearer " + token);
  }

  // ---- operational intent references

  public Resp putOi(UUID id, Object body) {
    return send("PUT", OIR + id, body);
  }

  public Resp putOi(UUID id, String ovn, Object body) {
    return send("PUT", OIR + id + "/" + ovn, body);
  }

  public Resp deleteOi(UUID id, String ovn) {
    return send("DELETE", OIR + id + "/" + ovn, null);
  }

  public Resp getOi(UUID id) {
    return send("GET", OIR + id, null);
  }

  public Resp queryOis(Vol area) {
    return send("POST", OIR + "query", query(area));
  }

  /** Creates under a fresh id and expects 201. */
  public Ref createOi(Req.OiReq r) {
    UUID id = UUID.randomUUID();
    return Ref.oi(putOi(id, r).expect(201));
  }

  /** Updates with the current OVN and expects 200. */
  public Ref updateOi(Ref old, Req.OiReq r) {
    return Ref.oi(putOi(old.id(), old.ovn(), r).expect(200));
  }

  // ---- constraint references

  public Resp putConstraint(UUID id, Object body) {
    return send("PUT", CR + id, body);
  }

  public Resp putConstraint(UUID id, String ovn, Object body) {
    return send("PUT", CR + id + "/" + ovn, body);
  }

  public Resp deleteConstraint(UUID id, String ovn) {
    return send("DELETE", CR + id + "/" + ovn, null);
  }

  public Resp getConstraint(UUID id) {
    return send("GET", CR + id, null);
  }

  public Resp queryConstraints(Vol area) {
    return send("POST", CR + "query", query(area));
  }

  public Ref createConstraint(Req.ConstraintReq r) {
    return Ref.constraint(putConstraint(UUID.randomUUID(), r).expect(201));
  }

  // ---- subscriptions

  public Resp putSub(UUID id, Object body) {
    return send("PUT", SUBS + id, body);
  }

  public Resp putSub(UUID id, String version, Object body) {
    return send("PUT", SUBS + id + "/" + version, body);
  }

  public Resp deleteSub(UUID id, String version) {
    return send("DELETE", SUBS + id + "/" + version, null);
  }

  public Resp getSub(UUID id) {
    return send("GET", SUBS + id, null);
  }

  public Resp querySubs(Vol area) {
    return send("POST", SUBS + "query", query(area));
  }

  /** Creates under a fresh id and expects success (200, as the spec's createSubscription says). */
  public Sub createSub(Req.SubReq r) {
    return Sub.of(putSub(UUID.randomUUID(), r).expect(200));
  }

  /** The subscription as the hub holds it now. */
  public Sub sub(UUID id) {
    return Sub.of(getSub(id).expect(200));
  }

  // ---- availability and reports

  public Resp getAvailability(String uss) {
    return send("GET", AVAILABILITY + uss, null);
  }

  public Resp setAvailability(String uss, String oldVersion, String availability) {
    ObjectNode b = Req.JSON.objectNode().put("old_version", oldVersion).put("availability", availability);
    return send("PUT", AVAILABILITY + uss, b);
  }

  public Resp report(Object body) {
    return send("POST", "/dss/v1/reports", body);
  }

  private ObjectNode query(Vol area) {
    ObjectNode q = Req.JSON.objectNode();
    q.set("area_of_interest", area.json(http.now()));
    return q;
  }

  @Override
  public String toString() {
    return name;
  }
}
