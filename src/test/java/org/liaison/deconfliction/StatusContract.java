package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The error statuses of issue #2: 401, 403, 404, 409 and 413, each with a JSON message. */
interface StatusContract extends Contract {

  @Test
  default void no_token_is_401() {
    DssClient c = scene().client();
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(100)));

    for (Resp r : new Resp[] {
        c.send("GET", Party.OIR + x.id(), null, null),
        c.send("DELETE", Party.OIR + x.id() + "/" + x.ovn(), null, null),
        c.send("POST", Party.SUBS + "query", "{}", null),
        c.send("GET", Party.AVAILABILITY + a.name, null, "Basic YTpi"),
        c.send("GET", Party.OIR + x.id(), null, "Bearer "),
    }) {
      r.expect(401);
      assertThat(r.message()).isNotBlank();
    }
    a.getOi(x.id()).expect(200);
  }

  @Test
  default void bad_signature_is_401() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(100)));
    String token = a.token();
    int sig = token.lastIndexOf('.') + 1;
    int at = sig + 10;
    // A digit for a different digit or a letter: certainly other signature bits, and not a mere
    // change of case, which is the next forgery.
    String forged = token.substring(0, at) + (token.charAt(at) == '0' ? '1' : '0') + token.substring(at + 1);
    assertThat(Base64.getUrlDecoder().decode(forged.substring(sig)))
        .isNotEqualTo(Base64.getUrlDecoder().decode(token.substring(sig)));
    // Jetty once handed handlers a header value seen earlier on the connection when the new one
    // matched it ignoring case, so flipping the case of one letter passed as the genuine token.
    int letter = sig;
    while (!Character.isLetter(token.charAt(letter))) {
      letter++;
    }
    char c = token.charAt(letter);
    String caseFlipped = token.substring(0, letter)
        + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
        + token.substring(letter + 1);

    for (String bad : new String[] {forged, caseFlipped}) {
      a.getOi(x.id()).expect(200);
      Resp r = scene().client().send("DELETE", Party.OIR + x.id() + "/" + x.ovn(), null, "Bearer " + bad);
      r.expect(401);
      assertThat(r.message()).contains("signature");
    }
    a.getOi(x.id()).expect(200);
    scene().client().send("GET", Party.OIR + x.id(), null, "Bearer not.a.jwt").expect(401);
  }

  @Test
  default void missing_scope_is_403() {
    Party cmOnly = party("cm", DssClient.CM);
    Party scOnly = party("sc", DssClient.SC);
    Party stranger = party("x", "some.other_scope");

    assertThat(cmOnly.putOi(fresh(), Req.oi(site().circle(100))).expect(403).message()).isNotBlank();
    cmOnly.queryOis(site().everything()).expect(403);
    scOnly.putConstraint(fresh(), Req.constraint(site().circle(100))).expect(403);
    scOnly.queryConstraints(site().everything()).expect(403);
    cmOnly.putSub(fresh(), Req.sub(site().circle(100))).expect(403);
    scOnly.setAvailability(scOnly.name, "", "Normal").expect(403);
    stranger.report(ErrorReportCases.valid()).expect(403);
    // The scope must fit the request, too: operational intent notifications need strategic
    // coordination. (Constraint notifications without constraint processing are 403 only with
    // --strict-astm: see InteropContract.)
    party("cp", DssClient.CP).putSub(fresh(), Req.sub(site().circle(100))).expect(403);

    assertThat(scOnly.queryOis(site().everything()).expect(200).ids("operational_intent_references")).isEmpty();
    assertThat(party("cp", DssClient.CP).queryConstraints(site().everything()).expect(200)
        .ids("constraint_references")).isEmpty();
  }

  @Test
  default void changing_another_partys_reference_is_403() {
    Party a = party("a");
    Party b = party("b");
    Ref oi = a.createOi(Req.oi(site().circle(100)));
    Ref c = a.createConstraint(Req.constraint(site().circle(2000, 0, 100)));
    Sub s = a.createSub(Req.sub(site().circle(100)));

    // Even knowing the OVN does not let another party change it.
    b.putOi(oi.id(), oi.ovn(), Req.oi(site().circle(100)).key(oi.ovn())).expect(403);
    b.deleteOi(oi.id(), oi.ovn()).expect(403);
    b.putConstraint(c.id(), c.ovn(), Req.constraint(site().circle(2000, 0, 100))).expect(403);
    b.deleteConstraint(c.id(), c.ovn()).expect(403);
    b.getSub(s.id()).expect(403);
    b.putSub(s.id(), s.version(), Req.sub(site().circle(100))).expect(403);
    b.deleteSub(s.id(), s.version()).expect(403);

    assertThat(a.getOi(oi.id()).expect(200).oi().path("ovn").asText()).isEqualTo(oi.ovn());
    assertThat(a.getConstraint(c.id()).expect(200).constraint().path("ovn").asText()).isEqualTo(c.ovn());
    assertThat(a.sub(s.id()).version()).isEqualTo("1");
  }

  @Test
  default void unknown_id_is_404() {
    Party a = party("a");
    UUID nobody = fresh();
    String ovn = "an-ovn-that-names-nothing";

    for (Resp r : new Resp[] {
        a.getOi(nobody), a.putOi(nobody, ovn, Req.oi(site().circle(100))), a.deleteOi(nobody, ovn),
        a.getConstraint(nobody), a.putConstraint(nobody, ovn, Req.constraint(site().circle(100))),
        a.deleteConstraint(nobody, ovn),
        a.getSub(nobody), a.putSub(nobody, "1", Req.sub(site().circle(100))), a.deleteSub(nobody, "1"),
    }) {
      r.expect(404);
      assertThat(r.message()).matches(".*(reference|subscription) " + nobody + " not found.*");
    }
    assertThat(a.queryOis(site().everything()).ids("operational_intent_references")).isEmpty();
  }

  @Test
  default void unknown_route_is_404() {
    Party a = party("a");
    for (String path : new String[] {
        "/dss/v1/nothing_here", "/dss/v2/operational_intent_references/query", "/nothing",
        Party.OIR + fresh() + "/ovn-of-sixteen-chars/extra"}) {
      Resp r = a.send("GET", path, null);
      r.expect(404);
      assertThat(r.message()).as(path).isNotBlank();
    }
  }

  @Test
  default void wrong_ovn_or_version_is_409() {
    Party a = party("a");
    Ref oi = a.createOi(Req.oi(site().circle(100)));
    Ref oi2 = a.updateOi(oi, Req.oi(site().circle(150)));
    Ref c = a.createConstraint(Req.constraint(site().circle(2000, 0, 100)));
    Sub s = a.createSub(Req.sub(site().circle(100)));

    // The OVN that was current before the update is stale now.
    a.putOi(oi.id(), oi.ovn(), Req.oi(site().circle(200))).expect(409);
    a.deleteOi(oi.id(), oi.ovn()).expect(409);
    a.putConstraint(c.id(), c.ovn() + "x", Req.constraint(site().circle(2000, 0, 100))).expect(409);
    a.deleteConstraint(c.id(), "not-the-ovn-of-it").expect(409);
    a.putSub(s.id(), "7", Req.sub(site().circle(100))).expect(409);
    a.deleteSub(s.id(), "0").expect(409);

    assertThat(a.getOi(oi.id()).oi().path("ovn").asText()).isEqualTo(oi2.ovn());
    assertThat(a.getOi(oi.id()).oi().path("version").asLong()).isEqualTo(2);
    a.getConstraint(c.id()).expect(200);
    assertThat(a.sub(s.id()).version()).isEqualTo("1");
  }

  @Test
  default void create_on_an_existing_id_is_409() {
    Party a = party("a");
    Party b = party("b");
    Ref oi = a.createOi(Req.oi(site().circle(100)));
    Ref c = a.createConstraint(Req.constraint(site().circle(2000, 0, 100)));
    Sub s = a.createSub(Req.sub(site().circle(100)));

    a.putOi(oi.id(), Req.oi(site().circle(3000, 0, 100))).expect(409);
    b.putOi(oi.id(), Req.oi(site().circle(3000, 0, 100))).expect(409);
    a.putConstraint(c.id(), Req.constraint(site().circle(100))).expect(409);
    a.putSub(s.id(), Req.sub(site().circle(3000, 0, 100))).expect(409);

    assertThat(a.getOi(oi.id()).oi()).isEqualTo(oi.json());
    assertThat(a.getConstraint(c.id()).constraint()).isEqualTo(c.json());
    assertThat(a.sub(s.id()).json()).isEqualTo(s.json());
  }

  @Test
  default void body_over_4_mib_is_413() {
    Party a = party("a");
    UUID id = fresh();
    StringBuilder big = new StringBuilder(4 * 1024 * 1024 + 64).append("{\"padding\":\"");
    big.append("x".repeat(4 * 1024 * 1024)).append("\"}");

    Resp r = a.putOi(id, big.toString());

    r.expect(413);
    assertThat(r.message()).isNotBlank();
    a.getOi(id).expect(404);
  }
}
