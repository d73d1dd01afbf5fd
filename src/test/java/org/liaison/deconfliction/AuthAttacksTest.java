package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.liaison.auth.DevAuthority;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.http.KeepAliveConnection;

/**
 * Attacks on the hub's bearer-token check, through a real port: forged, confused, stale and
 * misaddressed tokens that claim the victim's identity, and genuine tokens of one party used on
 * another's references. Every attack must be refused with 401 or 403 and leave the victim's
 * references, watches, availability and the ledger exactly as they were.
 *
 * <p>Each forged token is tried on every write the victim can make (and one read), so an attack
 * that one route happened to refuse for another reason cannot hide. A hand-signed token built the
 * same way, but valid, is accepted: the forgeries fail for the reason they name, not by accident.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthAttacksTest {
  private static final String AUDIENCE = "localhost";
  private static final String ISSUER = "https://auth.liaison.test/";
  private static final String ALL_SCOPES = String.join(" ",
      DssClient.SC, DssClient.CM, DssClient.CP, DssClient.AA);

  private Path dir;
  private TestClock clock;
  private Hub hub;
  private DssClient client;
  private RSAKey hubKey;
  private JWSSigner trusted;
  private Site site;
  private Party alice;
  private Ref oi;
  private Ref constraint;
  private Sub sub;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("liaison-auth-attacks-");
    clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    hub = Hub.start(new HubOptions("attacks", "127.0.0.1", 0, dir, null, AUDIENCE, List.of(), null, true, true,
        ISSUER), clock);
    DevAuthority dev = hub.devAuthority();
    client = DssClient.local(hub.port(), clock::instant,
        (name, scopes) -> dev.mint(name, scopes, AUDIENCE, ISSUER, Duration.ofHours(1)));
    hubKey = dev.publicJwkSet().getKeys().get(0).toRSAKey();
    trusted = new RSASSASigner(privateKey(dev.privateKeyPem()));

    site = Site.next();
    alice = client.party("alice", DssClient.SC, DssClient.CM, DssClient.CP, DssClient.AA);
    oi = alice.createOi(Req.oi(site.circle(100)));
    constraint = alice.createConstraint(Req.constraint(site.circle(2000, 0, 100)));
    sub = alice.createSub(Req.sub(site.circle(100)));
    alice.setAvailability(alice.name, "", "Normal").expect(200);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
    DssContractTest.deleteTree(dir);
  }

  // ---- the forged tokens, each claiming to be alice, with what the refusal must say

  private record Forgery(String name, String token, String reason) {}

  private List<Forgery> forgeries() throws Exception {
    Instant now = clock.instant();
    String genuine = sign(claims(now).build());
    String[] parts = genuine.split("\\.");
    RSAPublicKey pub = hubKey.toRSAPublicKey();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pub.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    JWSSigner untrusted = new RSASSASigner(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate());
    RSAKey untrustedJwk = new RSAKey.Builder(
        (RSAPublicKey) KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic()).build();
    String bobs = sign(claims(now).subject("bob").build());
    String bobsPayloadAsAlice = b64(claims(now).build().toString());

    List<Forgery> f = new ArrayList<>();
    f.add(new Forgery("alg none, no signature", raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", parts[1], ""), "unsigned"));
    f.add(new Forgery("alg none, genuine signature kept",
        raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", parts[1], parts[2]), "malformed"));
    f.add(new Forgery("alg NONE", raw("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", parts[1], ""), "malformed"));
    f.add(new Forgery("HS256 keyed with the public key PEM", hmac(pem.getBytes(StandardCharsets.US_ASCII), now),
        "HS256"));
    f.add(new Forgery("HS256 keyed with the public key PEM without its last newline",
        hmac(pem.strip().getBytes(StandardCharsets.US_ASCII), now), "HS256"));
    f.add(new Forgery("HS256 keyed with the public key DER", hmac(pub.getEncoded(), now), "HS256"));
    f.add(new Forgery("HS256 keyed with the public JWK", hmac(
        hubKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), now), "HS256"));
    f.add(new Forgery("RS256 by an untrusted key naming the hub's kid",
        sign(untrusted, header(JWSAlgorithm.RS256).build(), claims(now).build()), "signature"));
    f.add(new Forgery("RS256 by an untrusted key carried in the header",
        sign(untrusted, header(JWSAlgorithm.RS256).jwk(untrustedJwk).build(), claims(now).build()), "signature"));
    f.add(new Forgery("RS512 by the trusted key", sign(trusted, header(JWSAlgorithm.RS512).build(),
        claims(now).build()), "RS512"));
    f.add(new Forgery("PS256 by the trusted key", sign(trusted, header(JWSAlgorithm.PS256).build(),
        claims(now).build()), "PS256"));
    f.add(new Forgery("one signature character changed", flip(genuine, parts[0].length() + parts[1].length() + 12),
        "signature"));
    f.add(new Forgery("signature removed", parts[0] + "." + parts[1] + ".", "signature"));
    f.add(new Forgery("bob's signature on a payload naming alice", parts[0] + "." + bobsPayloadAsAlice + "."
        + bobs.split("\\.")[2], "signature"));
    f.add(new Forgery("expired 5 min 1 s ago", sign(claims(now).expirationTime(
        Date.from(now.minus(Duration.ofSeconds(301)))).build()), "expired"));
    f.add(new Forgery("expired 2 days ago", sign(claims(now.minus(Duration.ofDays(2))).build()), "expired"));
    f.add(new Forgery("exp 1 h 5 min 1 s ahead", sign(claims(now).expirationTime(
        Date.from(now.plus(Duration.ofSeconds(3901)))).build()), "more than 1 hour"));
    f.add(new Forgery("exp a year ahead", sign(claims(now).expirationTime(
        Date.from(now.plus(Duration.ofDays(365)))).build()), "more than 1 hour"));
    f.add(new Forgery("no exp", sign(claims(now).expirationTime(null).build()), "no expiry"));
    f.add(new Forgery("nbf 10 min ahead", sign(claims(now).notBeforeTime(
        Date.from(now.plus(Duration.ofMinutes(10)))).build()), "not valid before"));
    f.add(new Forgery("another audience", sign(claims(now).audience("hub.elsewhere.example").build()),
        "audience"));
    f.add(new Forgery("audience list without ours", sign(claims(now).audience(
        List.of("hub.elsewhere.example", AUDIENCE.toUpperCase())).build()), "audience"));
    f.add(new Forgery("no audience", sign(claims(now).audience((String) null).build()), "no audience"));
    f.add(new Forgery("another issuer", sign(claims(now).issuer("https://evil.example/").build()), "issuer"));
    f.add(new Forgery("issuer differing in case", sign(claims(now).issuer(ISSUER.toUpperCase()).build()),
        "issuer"));
    f.add(new Forgery("issuer without its trailing slash", sign(claims(now).issuer(
        ISSUER.substring(0, ISSUER.length() - 1)).build()), "issuer"));
    f.add(new Forgery("no issuer", sign(claims(now).issuer(null).build()), "no issuer"));
    f.add(new Forgery("no sub", sign(claims(now).subject(null).build()), "no subject"));
    f.add(new Forgery("blank sub", sign(claims(now).subject(" ").build()), "no subject"));
    // A sub outside the party id rule: other parties' consoles would show it (issue: markup in tooltips).
    f.add(new Forgery("markup in sub", sign(claims(now).subject("<img src=x onerror=alert(1)>").build()),
        "is not a party id: a party id (the token's sub) is 1 to 1024 characters"));
    f.add(new Forgery("right-to-left override in sub", sign(claims(now).subject("alice\u202Egnp.exe").build()),
        "\\u202E"));
    f.add(new Forgery("sub of 1025 characters", sign(claims(now).subject("a".repeat(1025)).build()),
        "(1025 characters) is not a party id"));
    f.add(new Forgery("unknown critical header", sign(trusted, header(JWSAlgorithm.RS256)
        .criticalParams(Set.of("liaison-bypass")).customParam("liaison-bypass", true).build(), claims(now).build()),
        "signature"));
    f.add(new Forgery("typ dpop+jwt", sign(trusted, header(JWSAlgorithm.RS256)
        .type(new JOSEObjectType("dpop+jwt")).build(), claims(now).build()), "typ"));
    f.add(new Forgery("genuine token with junk after it", genuine + " " + genuine, "malformed"));
    return f;
  }

  /** What each forgery is tried on: every write alice can make, and a read. */
  private List<String[]> requests() {
    Instant now = clock.instant();
    String update = Req.oi(site.circle(150)).key(oi.ovn()).json(now, alice.url()).toString();
    String create = Req.oi(site.circle(3000, 0, 100)).json(now, alice.url()).toString();
    String constraintUpdate = Req.constraint(site.circle(2500, 0, 100)).json(now, alice.url()).toString();
    String subUpdate = Req.sub(site.circle(150)).json(now, alice.url()).toString();
    String down = "{\"old_version\":\"1\",\"availability\":\"Down\"}";
    return List.of(
        new String[] {"PUT", Party.OIR + oi.id() + "/" + oi.ovn(), update},
        new String[] {"DELETE", Party.OIR + oi.id() + "/" + oi.ovn(), null},
        new String[] {"PUT", Party.OIR + UUID.randomUUID(), create},
        new String[] {"PUT", Party.CR + constraint.id() + "/" + constraint.ovn(), constraintUpdate},
        new String[] {"DELETE", Party.CR + constraint.id() + "/" + constraint.ovn(), null},
        new String[] {"PUT", Party.SUBS + sub.id() + "/" + sub.version(), subUpdate},
        new String[] {"DELETE", Party.SUBS + sub.id() + "/" + sub.version(), null},
        new String[] {"PUT", Party.AVAILABILITY + alice.name, down},
        new String[] {"GET", Party.OIR + oi.id(), null});
  }

  @Test
  void a_hand_signed_token_built_like_the_forgeries_but_valid_is_accepted() throws Exception {
    String token = sign(claims(clock.instant()).build());
    Resp r = client.send("GET", Party.OIR + oi.id(), null, "Bearer " + token);
    r.expect(200);
    assertThat(r.oi().path("ovn").asText()).isEqualTo(oi.ovn());
  }

  @TestFactory
  Stream<DynamicTest> forged_tokens_are_401_on_every_route_and_change_nothing() throws Exception {
    List<Forgery> forgeries = forgeries();
    List<String[]> requests = requests();
    return forgeries.stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
      JsonNode before = state();
      for (String[] req : requests) {
        Resp r = client.send(req[0], req[1], req[2], "Bearer " + f.token());
        assertThat(r.status()).as("%s on %s %s: %s", f.name(), req[0], req[1], r.raw()).isEqualTo(401);
        assertThat(r.message()).as("%s on %s %s", f.name(), req[0], req[1]).containsIgnoringCase(f.reason());
      }
      assertThat(state()).as(f.name()).isEqualTo(before);
    }));
  }

  /**
   * A token differing from alice's only in the case of one signature letter, sent right after
   * hers on the same connection: Jetty's header cache once substituted hers for it.
   */
  @Test
  void case_flipped_token_after_the_genuine_one_on_the_same_connection_is_401() throws Exception {
    String token = alice.token();
    int sig = token.lastIndexOf('.') + 1;
    List<String> flips = new ArrayList<>();
    for (int i = sig; i < token.length() && flips.size() < 8; i++) {
      char c = token.charAt(i);
      if (Character.isLetter(c)) {
        char other = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        flips.add(token.substring(0, i) + other + token.substring(i + 1));
      }
    }
    JsonNode before = state();
    try (KeepAliveConnection c = new KeepAliveConnection(hub.port())) {
      for (String forged : flips) {
        assertThat(c.send("GET", Party.OIR + oi.id(), "Bearer " + token).status()).isEqualTo(200);
        KeepAliveConnection.Answer a = c.send("DELETE", Party.OIR + oi.id() + "/" + oi.ovn(), "Bearer " + forged);
        assertThat(a.status()).as(a.body()).isEqualTo(401);
        assertThat(a.body()).contains("signature");
      }
    }
    assertThat(state()).isEqualTo(before);
  }

  /** Genuine tokens of parties other than alice, on alice's references and watch. */
  @TestFactory
  Stream<DynamicTest> other_parties_tokens_are_403_on_alices_references_and_change_nothing() {
    Map<String, Party> others = new LinkedHashMap<>();
    others.put("bob", client.party("bob"));
    others.put("Alice (case differs)", client.party("Alice"));
    others.put("alice with a trailing space", client.party("alice "));
    others.put("alice.example (alice as prefix)", client.party("alice.example"));
    return others.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Party p = e.getValue();
      // A valid base URL whatever the party's name, so only ownership can refuse the bodies.
      String url = "https://intruder.example";
      JsonNode before = state();
      Resp[] answers = {
          p.putOi(oi.id(), oi.ovn(), Req.oi(site.circle(150)).key(oi.ovn()).baseUrl(url)),
          p.deleteOi(oi.id(), oi.ovn()),
          p.putConstraint(constraint.id(), constraint.ovn(), Req.constraint(site.circle(2500, 0, 100)).baseUrl(url)),
          p.deleteConstraint(constraint.id(), constraint.ovn()),
          p.getSub(sub.id()),
          p.putSub(sub.id(), sub.version(), Req.sub(site.circle(150)).baseUrl(url)),
          p.deleteSub(sub.id(), sub.version()),
          p.setAvailability(alice.name, "1", "Down"),
      };
      for (Resp r : answers) {
        assertThat(r.status()).as(e.getKey() + ": " + r.raw()).isEqualTo(403);
        assertThat(r.message()).isNotBlank();
      }
      assertThat(p.querySubs(site.everything()).expect(200).ids("subscriptions")).doesNotContain(sub.id());
      assertThat(state()).as(e.getKey()).isEqualTo(before);
    }));
  }

  // ---- state

  /** Everything an attack could change, as alice and the ledger see it. */
  private JsonNode state() {
    ObjectNode s = Req.JSON.objectNode();
    s.set("oi", alice.getOi(oi.id()).expect(200).oi());
    s.set("constraint", alice.getConstraint(constraint.id()).expect(200).constraint());
    s.set("sub", alice.getSub(sub.id()).expect(200).subscription());
    s.set("availability", alice.getAvailability(alice.name).expect(200).body());
    s.set("ois", alice.queryOis(site.everything()).expect(200).body());
    s.set("constraints", alice.queryConstraints(site.everything()).expect(200).body());
    hub.ledger().sequence();
    s.put("ledger", hub.ledger().size());
    return s;
  }

  // ---- token making

  private JWTClaimsSet.Builder claims(Instant issued) {
    return new JWTClaimsSet.Builder()
        .subject("alice")
        .claim("scope", ALL_SCOPES)
        .audience(AUDIENCE)
        .issuer(ISSUER)
        .issueTime(Date.from(issued))
        .notBeforeTime(Date.from(issued))
        .expirationTime(Date.from(issued.plus(Duration.ofMinutes(30))))
        .jwtID(UUID.randomUUID().toString());
  }

  private JWSHeader.Builder header(JWSAlgorithm alg) {
    return new JWSHeader.Builder(alg).keyID(hubKey.getKeyID()).type(JOSEObjectType.JWT);
  }

  private String sign(JWTClaimsSet claims) throws JOSEException {
    return sign(trusted, header(JWSAlgorithm.RS256).build(), claims);
  }

  private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private String hmac(byte[] secret, Instant now) throws JOSEException {
    return sign(new MACSigner(secret), header(JWSAlgorithm.HS256).build(), claims(now).build());
  }

  private static String raw(String headerJson, String payload, String signature) {
    return b64(headerJson) + "." + payload + "." + signature;
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The token with the character at {@code i} replaced by a digit other than itself. */
  private static String flip(String token, int i) {
    return token.substring(0, i) + (token.charAt(i) == '0' ? '1' : '0') + token.substring(i + 1);
  }

  private static PrivateKey privateKey(String pkcs8Pem) throws GeneralSecurityException {
    String body = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }
}
