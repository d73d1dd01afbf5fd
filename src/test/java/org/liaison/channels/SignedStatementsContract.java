package org.liaison.channels;

import org.liaison.proof.LogEntry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.liaison.client.ChannelsClient;
import org.liaison.client.TokenProvider;
import org.liaison.http.Json;
import org.liaison.keys.KeyHistory;
import org.liaison.keys.PartyKeys;
import org.liaison.keys.PublicKeys;
import org.liaison.keys.Statement;
import org.liaison.ledger.Ledger;

/**
 * Party keys and signed statements through a real hub: publication, rotation and revocation as
 * ledger entries (key transparency), a signature on every statement type, and the refusals
 * (another party's key, a revoked key, another message's hash, a signature replayed as another
 * statement type), each of which must leave nothing stored.
 */
abstract class SignedStatementsContract extends ChannelsFixture {

  PartyKeys keys(String party) {
    return PartyKeys.generate(party, clock.instant());
  }

  Api.Resp publish(Api a, PartyKeys k, String previous) {
    return a.put("/liaison/v1/parties/" + a.party + "/keys", k.publication(clock.instant(), previous).json());
  }

  ChannelsClient client(String party, PartyKeys k) {
    return new ChannelsClient(URI.create("http://127.0.0.1:" + hub.port()),
        TokenProvider.signing(hub.devAuthority().withClock(clock), party, Api.SCOPES, clock), Duration.ofSeconds(30))
        .signingWith(k, clock);
  }

  /** A signature field for {@code party}'s statement of {@code type} with {@code fields}, signed by {@code k}. */
  ObjectNode signature(PartyKeys k, String party, Statement.Type type, ObjectNode fields) {
    Statement s = Statement.of(type, party, clock.instant(), k.keyId());
    s.body().setAll(fields);
    return Json.MAPPER.createObjectNode().put("key_id", k.keyId()).put("time", s.time())
        .put("value", Base64Sig.sign(k, s));
  }

  /** Signs as {@code k} but the statement names {@code claimedKeyId}: a signature by the wrong key. */
  static final class Base64Sig {
    static String sign(PartyKeys k, Statement s) {
      return java.util.Base64.getEncoder().encodeToString(k.sign(s.signedBytes()));
    }
  }

  /** Each of {@code members} consents, signed, that plain channel {@code ch} carries plain text. */
  static void consented(String ch, ChannelsClient... members) {
    for (ChannelsClient m : members) {
      ChannelsClient.Answer a = m.consentPlain(ch);
      assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    }
  }

  ObjectNode fields(JsonNode message) {
    return Json.MAPPER.createObjectNode().put("channel_id", message.get("channel_id").asText())
        .put("message_id", message.get("id").asText()).put("message_sha256", message.get("message_sha256").asText());
  }

  long ledgerSize() {
    hub.ledger().sequence();
    return hub.ledger().size();
  }

  KeyHistory history() throws IOException {
    hub.ledger().sequence();
    KeyHistory h = new KeyHistory();
    for (LogEntry e : hub.ledger().entries(0, hub.ledger().size())) {
      h.add(e.index(), Json.MAPPER.readTree(e.entry()));
    }
    return h;
  }

  @Test
  void keys_are_published_rotated_and_revoked_through_the_ledger() throws IOException {
    Api usa = as("usa");
    PartyKeys first = keys("usa");
    Api.Resp r = publish(usa, first, null);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.at("/key_id")).isEqualTo(first.keyId());
    assertThat(publish(usa, first, null).status()).as("publishing the current key again").isEqualTo(200);
    assertThat(usa.get("/liaison/v1/parties/usa/keys").at("/current/key_id")).isEqualTo(first.keyId());

    PartyKeys second = keys("usa");
    Api.Resp wrongPrevious = publish(usa, second, null);
    assertThat(wrongPrevious.status()).isEqualTo(409);
    assertThat(wrongPrevious.at("/message")).contains("previous_key_id").contains(first.keyId());
    r = publish(usa, second, first.keyId());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode listing = as("rus").get("/liaison/v1/parties/usa/keys").json();
    assertThat(listing.at("/current/key_id").asText()).isEqualTo(second.keyId());
    assertThat(listing.at("/keys/0/ended_by").asText()).isEqualTo("rotated");
    assertThat(listing.at("/current/x25519").asText()).isEqualTo(second.publicKeys().x25519Base64());

    r = usa.post("/liaison/v1/parties/usa/keys/" + second.keyId() + "/revoke", second.revocation(clock.instant(),
        "laptop lost").json());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.at("/ended_by")).isEqualTo("revoked");
    assertThat(usa.get("/liaison/v1/parties/usa/keys").json().get("current").isNull()).isTrue();
    assertThat(publish(usa, second, null).status()).as("a revoked key is never published again").isEqualTo(409);

    List<JsonNode> published = ledger(KeyHistory.PUBLISH);
    List<JsonNode> revoked = ledger(KeyHistory.REVOKE);
    assertThat(published).extracting(e -> e.get("key_id").asText()).containsExactly(first.keyId(), second.keyId());
    assertThat(published.get(1).get("previous_key_id").asText()).isEqualTo(first.keyId());
    assertThat(revoked).extracting(e -> e.get("key_id").asText()).containsExactly(second.keyId());
    // The ledger alone says the same: each entry carries the party's own signature.
    KeyHistory h = history();
    assertThat(h.current("usa")).isEmpty();
    assertThat(h.periods("usa")).extracting(p -> p.keys().keyId()).containsExactly(first.keyId(), second.keyId());
    assertThat(h.periods("usa")).extracting(KeyHistory.Period::endedBy).containsExactly("rotated", "revoked");
    assertThat(hub.channels().currentKeys("usa")).isEmpty();
  }

  @Test
  void a_publication_not_signed_by_its_key_or_for_another_party_is_refused() {
    Api usa = as("usa");
    PartyKeys k = keys("usa");
    ObjectNode body = k.publication(clock.instant(), null).json();
    body.put("signature", keys("usa").publication(clock.instant(), null).signature());
    Api.Resp r = usa.put("/liaison/v1/parties/usa/keys", body);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.at("/message")).contains("signature");
    Api.Resp other = as("rus").put("/liaison/v1/parties/usa/keys", k.publication(clock.instant(), null).json());
    assertThat(other.status()).isEqualTo(403);
    ObjectNode stale = k.publication(clock.instant().minus(Duration.ofMinutes(10)), null).json();
    Api.Resp old = usa.put("/liaison/v1/parties/usa/keys", stale);
    assertThat(old.status()).isEqualTo(400);
    assertThat(old.at("/message")).contains("statement.time");
    assertThat(usa.get("/liaison/v1/parties/usa/keys").json().get("keys")).isEmpty();
  }

  @Test
  void every_statement_type_is_signed_and_its_ledger_entry_carries_the_signature() throws IOException {
    PartyKeys usaKeys = keys("usa");
    PartyKeys rusKeys = keys("rus");
    ChannelsClient usa = client("usa", usaKeys);
    ChannelsClient rus = client("rus", rusKeys);
    assertThat(usa.ensurePublished().status()).isEqualTo(201);
    assertThat(rus.ensurePublished().status()).isEqualTo(201);
    assertThat(usa.currentKeys("rus")).contains(rusKeys.publicKeys());
    String ch = bilateral(as("usa"), "rus");
    consented(ch, usa, rus);

    ChannelsClient.Answer posted = usa.post(ch, Api.obj().put("client_message_id", "m1").put("text", "Vacate the box"));
    assertThat(posted.status()).as(posted.body().toString()).isEqualTo(201);
    String id = posted.body().get("id").asText();
    // Fetching does not mark a keyed party delivered: its node says so itself, signed.
    JsonNode seen = rus.message(ch, id).body();
    assertThat(delivery(seen, "rus").get("state").asText()).isEqualTo("sent");
    assertThat(seen.get("signature").get("statement").get("message_sha256").asText())
        .isEqualTo(Statement.contentSha256(seen.get("content")));
    assertThat(rus.delivered(seen).status()).isEqualTo(200);
    assertThat(rus.read(ch, id).status()).isEqualTo(200);
    ChannelsClient.Answer ack = rus.ack(ch, id, Api.obj().put("reply", "Will do"));
    assertThat(ack.status()).as(ack.body().toString()).isEqualTo(200);
    assertThat(ack.body().get("state").asText()).isEqualTo("acknowledged");

    KeyHistory h = history();
    for (String type : List.of("message.post", "message.delivered", "message.read", "message.ack")) {
      List<JsonNode> entries = ledger(type);
      assertThat(entries).as(type).hasSize(1);
      JsonNode e = entries.get(0);
      Statement s = Statement.parse(Statement.Type.parse(type), e.get("statement"));
      PublicKeys k = h.current(s.party()).orElseThrow();
      assertThat(s.verify(k.ed25519(), e.get("signature").asText())).as(type).isTrue();
      assertThat(s.party()).isEqualTo(e.get("party").asText());
      assertThat(s.body().get("message_sha256").asText()).isEqualTo(seen.get("message_sha256").asText());
      // Domain separation: the same signature does not verify as any other statement type.
      for (Statement.Type other : Statement.Type.values()) {
        if (!other.wire.equals(type)) {
          ObjectNode b = s.body().deepCopy();
          b.put("type", other.wire);
          assertThat(Statement.parse(other, b).verify(k.ed25519(), e.get("signature").asText())).as(type + " as " + other)
              .isFalse();
        }
      }
    }
    assertThat(ledger("message.ack").get(0).get("statement").get("reply_sha256").asText())
        .isEqualTo(Statement.sha256Hex("Will do"));
  }

  @Test
  void forged_statements_are_refused_and_nothing_is_stored() throws IOException {
    PartyKeys usaKeys = keys("usa");
    PartyKeys rusKeys = keys("rus");
    ChannelsClient usa = client("usa", usaKeys);
    assertThat(usa.ensurePublished().status()).isEqualTo(201);
    assertThat(client("rus", rusKeys).ensurePublished().status()).isEqualTo(201);
    String ch = bilateral(as("usa"), "rus");
    consented(ch, usa, client("rus", rusKeys));
    JsonNode m = usa.post(ch, Api.obj().put("client_message_id", "m1").put("text", "first")).body();
    JsonNode other = usa.post(ch, Api.obj().put("client_message_id", "m2").put("text", "second")).body();
    Api rus = as("rus");
    String ackPath = messages(ch) + "/" + m.get("id").asText() + "/ack";
    long size = ledgerSize();

    // Unsigned, from a party with a key.
    Api.Resp r = rus.post(ackPath, Api.obj());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.at("/message")).contains("signature is missing");
    // Signed by another party's key (usa signs rus's acknowledgement).
    ObjectNode f = fields(m).putNull("reply_sha256");
    r = rus.post(ackPath, Api.obj().set("signature", signature(usaKeys, "rus", Statement.Type.MESSAGE_ACK, f)));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.at("/message")).contains("signature.key_id");
    // Naming rus's key but signed by usa's.
    ObjectNode forged = signature(usaKeys, "rus", Statement.Type.MESSAGE_ACK, f).put("key_id", rusKeys.keyId());
    r = rus.post(ackPath, Api.obj().set("signature", forged));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.at("/message")).contains("signature.value does not verify");
    // Over another message's hash.
    r = rus.post(ackPath, Api.obj().set("signature", signature(rusKeys, "rus", Statement.Type.MESSAGE_ACK,
        fields(m).put("message_sha256", other.get("message_sha256").asText()).putNull("reply_sha256"))));
    assertThat(r.status()).isEqualTo(403);
    // A read statement replayed as an acknowledgement.
    ObjectNode read = signature(rusKeys, "rus", Statement.Type.MESSAGE_READ, fields(m));
    r = rus.post(ackPath, Api.obj().set("signature", read));
    assertThat(r.status()).isEqualTo(403);
    // A signature made at a time far from the hub's clock.
    clock.advance(Duration.ofMinutes(6));
    r = rus.post(ackPath, Api.obj().set("signature", signature(rusKeys, "rus", Statement.Type.MESSAGE_ACK, f)
        .put("time", Statement.time(clock.instant().minus(Duration.ofMinutes(6))))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.at("/message")).contains("signature.time");

    assertThat(ledgerSize()).as("nothing recorded").isEqualTo(size);
    assertThat(delivery(message(as("usa"), ch, m.get("id").asText()), "rus").get("state").asText()).isEqualTo("sent");

    // A revoked key signs nothing more.
    assertThat(rus.post("/liaison/v1/parties/rus/keys/" + rusKeys.keyId() + "/revoke",
        rusKeys.revocation(clock.instant(), "compromised").json()).status()).isEqualTo(200);
    size = ledgerSize();
    r = rus.post(ackPath, Api.obj().set("signature", signature(rusKeys, "rus", Statement.Type.MESSAGE_ACK, f)));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.at("/message")).contains(rusKeys.keyId()).contains("has none");
    assertThat(ledgerSize()).isEqualTo(size);
    // A message post signed over other content.
    ObjectNode body = Api.obj().put("client_message_id", "m3").put("text", "what was signed");
    ObjectNode sig = signature(usaKeys, "usa", Statement.Type.MESSAGE_POST, Json.MAPPER.createObjectNode()
        .put("channel_id", ch).put("message_sha256", Statement.contentSha256(body)));
    body.put("text", "what was sent").set("signature", sig);
    r = as("usa").post(messages(ch), body);
    assertThat(r.status()).isEqualTo(403);
    assertThat(ledgerSize()).isEqualTo(size);
  }

  @Test
  void a_statement_by_a_key_later_revoked_stays_verifiable_against_the_ledger() throws IOException {
    PartyKeys usaKeys = keys("usa");
    ChannelsClient usa = client("usa", usaKeys);
    assertThat(usa.ensurePublished().status()).isEqualTo(201);
    String ch = bilateral(as("usa"), "rus");
    consented(ch, usa);
    assertThat(usa.post(ch, Api.obj().put("client_message_id", "m1").put("text", "before")).status()).isEqualTo(201);
    assertThat(as("usa").post("/liaison/v1/parties/usa/keys/" + usaKeys.keyId() + "/revoke",
        usaKeys.revocation(clock.instant(), "retired").json()).status()).isEqualTo(200);
    // Back to hub-attested: a party without a current key posts unsigned.
    assertThat(as("usa").post(messages(ch), text("after")).status()).isEqualTo(201);

    hub.ledger().sequence();
    KeyHistory h = new KeyHistory();
    JsonNode signedPost = null;
    long signedIndex = -1;
    for (LogEntry e : hub.ledger().entries(0, hub.ledger().size())) {
      JsonNode n = Json.MAPPER.readTree(e.entry());
      h.add(e.index(), n);
      if (n.get("type").asText().equals("message.post") && n.has("signature")) {
        signedPost = n;
        signedIndex = e.index();
      }
    }
    assertThat(signedPost).isNotNull();
    KeyHistory.Period p = h.find("usa", usaKeys.keyId()).orElseThrow();
    assertThat(p.endedBy()).isEqualTo("revoked");
    assertThat(p.covers(signedIndex)).isTrue();
    assertThat(p.covers(hub.ledger().size())).isFalse();
    Statement s = Statement.parse(Statement.Type.MESSAGE_POST, signedPost.get("statement"));
    assertThat(s.verify(p.keys().ed25519(), signedPost.get("signature").asText())).isTrue();
    assertThat(Instant.parse(s.time())).isBeforeOrEqualTo(clock.instant());
  }

  /** An operation notice body the hub accepts: a circle for the next hour. */
  ObjectNode notice(double lat) {
    ObjectNode b = Api.obj();
    ObjectNode v4 = b.putArray("extents").addObject();
    ObjectNode vol = v4.putObject("volume");
    ObjectNode circle = vol.putObject("outline_circle");
    circle.set("center", Api.obj().put("lat", lat).put("lng", 36.7));
    circle.set("radius", Api.obj().put("value", 300).put("units", "M"));
    vol.set("altitude_lower", Api.obj().put("value", 0).put("reference", "W84").put("units", "M"));
    vol.set("altitude_upper", Api.obj().put("value", 120).put("reference", "W84").put("units", "M"));
    v4.set("time_start", Api.obj().put("value", clock.instant().plusSeconds(60).toString()).put("format", "RFC3339"));
    v4.set("time_end", Api.obj().put("value", clock.instant().plusSeconds(3600).toString()).put("format", "RFC3339"));
    b.put("state", "Accepted").put("uss_base_url", "http://127.0.0.1:9/uss");
    b.putArray("key");
    b.putObject("new_subscription").put("uss_base_url", "http://127.0.0.1:9/uss").put("notify_for_constraints", true);
    return b;
  }

  java.net.http.HttpResponse<String> putNotice(Api a, String path, String body, String signatureHeader) throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(URI.create(a.base + path)).header("Authorization", "Bearer " + a.token())
        .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    if (signatureHeader != null) {
      b.header("Liaison-Signature", signatureHeader);
    }
    return Api.HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  static String header(PartyKeys k, Statement s) {
    ObjectNode h = Json.MAPPER.createObjectNode().put("key_id", k.keyId()).put("time", s.time())
        .put("value", Base64Sig.sign(k, s));
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(h.toString().getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void a_signed_astm_declaration_is_verified_and_recorded_and_an_unsigned_one_stays_hub_attested() throws Exception {
    PartyKeys k = keys("usa");
    assertThat(client("usa", k).ensurePublished().status()).isEqualTo(201);
    Api usa = as("usa");
    String body = notice(34.5).toString();
    String path = "/dss/v1/operational_intent_references/" + java.util.UUID.randomUUID();
    Statement s = org.liaison.deconfliction.SignedDeclarations.statement("usa", clock.instant(), k.keyId(), "PUT", path,
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long size = ledgerSize();
    // Signed over another body: refused, nothing written.
    Statement other = org.liaison.deconfliction.SignedDeclarations.statement("usa", clock.instant(), k.keyId(), "PUT",
        path, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var refused = putNotice(usa, path, body, header(k, other));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("Liaison-Signature.value does not verify");
    assertThat(putNotice(usa, path, body, "not base64!").statusCode()).isEqualTo(400);
    assertThat(ledgerSize()).isEqualTo(size);

    var ok = putNotice(usa, path, body, header(k, s));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    List<JsonNode> declared = ledger("declaration.signed");
    assertThat(declared).hasSize(1);
    JsonNode d = declared.get(0);
    String leaf = org.liaison.proof.Receipt.fromHeaderValue(ok.headers().firstValue("Liaison-Receipt").orElseThrow())
        .leafHash();
    assertThat(d.get("declaration_leaf_hash").asText()).isEqualTo(leaf);
    assertThat(Statement.parse(Statement.Type.ASTM_WRITE, d.get("statement")).verify(k.publicKeys().ed25519(),
        d.get("signature").asText())).isTrue();
    // A plain ASTM client, without the header, still writes.
    var plain = putNotice(as("rus"), "/dss/v1/operational_intent_references/" + java.util.UUID.randomUUID(),
        notice(35.5).toString(), null);
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(201);
    assertThat(ledger("declaration.signed")).hasSize(1);

    // The evidence about the operation names the declaration as the party's own.
    hub.ledger().sequence();
    List<LogEntry> log = hub.ledger().entries(0, hub.ledger().size());
    String id = path.substring(path.lastIndexOf('/') + 1);
    JsonNode bundle = org.liaison.keys.Evidence.build("operation", id, log, hub.ledger().noteAt(log.size()),
        hub.ledger().key().vkey(), List.of(), null);
    org.liaison.keys.Evidence.Report r = org.liaison.keys.Evidence.verify(bundle, hub.ledger().key().verifierKey());
    assertThat(r.verified()).as(r.lines().toString()).isTrue();
    assertThat(r.statements()).anySatisfy(l -> assertThat(l).contains("usa declared PUT " + path).contains("SIGNED by usa"));
    assertThat(r.statements()).anySatisfy(l -> assertThat(l).contains("notice.create " + id).contains("declared with usa's signature"));
  }

  @Test
  void a_plain_channel_carries_text_only_once_every_keyed_member_has_consented() throws IOException {
    PartyKeys usaKeys = keys("usa");
    PartyKeys rusKeys = keys("rus");
    ChannelsClient usa = client("usa", usaKeys);
    ChannelsClient rus = client("rus", rusKeys);
    assertThat(usa.ensurePublished().status()).isEqualTo(201);
    assertThat(rus.ensurePublished().status()).isEqualTo(201);
    // fra has no node and no keys: it cannot encrypt, so it needs no consent.
    String ch = group(as("usa"), "notify-group", "rus", "fra");
    JsonNode created = as("usa").get("/liaison/v1/channels/" + ch).json();
    assertThat(created.get("encryption").asText()).isEqualTo("none");
    assertThat(created.get("awaiting_plain_consent")).extracting(JsonNode::asText).containsExactly("usa", "rus");

    ChannelsClient.Answer refused = usa.post(ch, Api.obj().put("client_message_id", "m1").put("text", "hello"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("message").asText()).contains("usa, rus have published keys but not consented")
        .contains("/liaison/v1/channels/" + ch + "/plain-consent");
    assertThat(as("fra").post(messages(ch), text("from fra")).status()).as("nobody posts before consent").isEqualTo(409);

    ChannelsClient.Answer c = usa.consentPlain(ch);
    assertThat(c.status()).as(c.body().toString()).isEqualTo(200);
    assertThat(c.body().get("plain_consents")).extracting(JsonNode::asText).containsExactly("usa");
    assertThat(c.body().get("awaiting_plain_consent")).extracting(JsonNode::asText).containsExactly("rus");
    assertThat(c.body().has("receipt")).isTrue();
    refused = usa.post(ch, Api.obj().put("client_message_id", "m1").put("text", "hello"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("message").asText()).contains("and rus has published keys but not consented")
        .doesNotContain("usa,");

    assertThat(rus.consentPlain(ch).status()).isEqualTo(200);
    long size = ledgerSize();
    ChannelsClient.Answer again = rus.consentPlain(ch);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().has("receipt")).as("a repeat records nothing").isFalse();
    assertThat(ledgerSize()).isEqualTo(size);
    ChannelsClient.Answer posted = usa.post(ch, Api.obj().put("client_message_id", "m1").put("text", "hello"));
    assertThat(posted.status()).as(posted.body().toString()).isEqualTo(201);
    assertThat(as("fra").post(messages(ch), text("from fra")).status()).isEqualTo(201);
    JsonNode now = as("fra").get("/liaison/v1/channels/" + ch).json();
    assertThat(now.get("plain_consents")).extracting(JsonNode::asText).containsExactly("rus", "usa");
    assertThat(now.get("awaiting_plain_consent")).isEmpty();

    // The ledger proves each consent by the party's own signature, as a channel.plain statement.
    List<JsonNode> consents = ledger("channel.plain.consent");
    assertThat(consents).extracting(e -> e.get("member").asText()).containsExactly("usa", "rus");
    KeyHistory h = history();
    for (JsonNode e : consents) {
      Statement st = Statement.parse(Statement.Type.CHANNEL_PLAIN, e.get("statement"));
      assertThat(st.body().get("channel_id").asText()).isEqualTo(ch);
      assertThat(st.party()).isEqualTo(e.get("party").asText());
      assertThat(st.verify(h.current(st.party()).orElseThrow().ed25519(), e.get("signature").asText())).isTrue();
      ObjectNode asAck = st.body().deepCopy();
      asAck.put("type", "message.ack");
      assertThat(Statement.parse(Statement.Type.MESSAGE_ACK, asAck).verify(h.current(st.party()).orElseThrow().ed25519(),
          e.get("signature").asText())).as("domain separation").isFalse();
    }

    // A member added later with keys holds the channel up again until it consents.
    PartyKeys gbrKeys = keys("gbr");
    ChannelsClient gbr = client("gbr", gbrKeys);
    assertThat(gbr.ensurePublished().status()).isEqualTo(201);
    assertThat(as("usa").post("/liaison/v1/channels/" + ch + "/members", Api.obj().put("party", "gbr")).status())
        .isEqualTo(200);
    refused = usa.post(ch, Api.obj().put("client_message_id", "m2").put("text", "again"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("message").asText()).contains("gbr has published keys");
    assertThat(gbr.consentPlain(ch).status()).isEqualTo(200);
    assertThat(usa.post(ch, Api.obj().put("client_message_id", "m2").put("text", "again")).status()).isEqualTo(201);
  }

  @Test
  void a_forged_or_other_type_consent_is_refused_and_nothing_is_stored() throws IOException {
    PartyKeys usaKeys = keys("usa");
    PartyKeys rusKeys = keys("rus");
    assertThat(client("usa", usaKeys).ensurePublished().status()).isEqualTo(201);
    assertThat(client("rus", rusKeys).ensurePublished().status()).isEqualTo(201);
    String ch = bilateral(as("usa"), "rus");
    String other = group(as("usa"), "notify-group", "rus");
    Api rus = as("rus");
    String path = "/liaison/v1/channels/" + ch + "/plain-consent";
    long size = ledgerSize();
    ObjectNode fields = Api.obj().put("channel_id", ch);

    Api.Resp missing = rus.post(path, Api.obj());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.at("/message")).contains("signature is missing").contains("channel.plain");
    ObjectNode asRead = Api.obj();
    asRead.set("signature", signature(rusKeys, "rus", Statement.Type.MESSAGE_READ, fields));
    Api.Resp r = rus.post(path, asRead);
    assertThat(r.status()).as("a read statement replayed as consent").isEqualTo(403);
    assertThat(r.at("/message")).contains("channel.plain");
    ObjectNode forOther = Api.obj();
    forOther.set("signature", signature(rusKeys, "rus", Statement.Type.CHANNEL_PLAIN, Api.obj().put("channel_id", other)));
    assertThat(rus.post(path, forOther).status()).as("consent to another channel").isEqualTo(403);
    ObjectNode byUsa = Api.obj();
    byUsa.set("signature", signature(usaKeys, "rus", Statement.Type.CHANNEL_PLAIN, fields));
    Api.Resp wrongKey = rus.post(path, byUsa);
    assertThat(wrongKey.status()).as("signed with another party's key").isEqualTo(403);
    assertThat(wrongKey.at("/message")).contains("signature.key_id");
    ObjectNode notMember = Api.obj();
    notMember.set("signature", signature(rusKeys, "rus", Statement.Type.CHANNEL_PLAIN, fields));
    assertThat(as("chn").post(path, Api.obj()).status()).as("a non-member").isEqualTo(403);

    assertThat(ledgerSize()).isEqualTo(size);
    assertThat(ledger("channel.plain.consent")).isEmpty();
    assertThat(rus.get("/liaison/v1/channels/" + ch).json().get("plain_consents")).isEmpty();
    assertThat(rus.post(path, notMember).status()).as("the genuine statement is still accepted").isEqualTo(200);
  }

  @Test
  void an_encrypted_channel_needs_no_consent_and_takes_none() {
    PartyKeys usaKeys = keys("usa");
    assertThat(client("usa", usaKeys).ensurePublished().status()).isEqualTo(201);
    ObjectNode body = Api.obj().put("name", "e2e").put("kind", "bilateral").put("encryption", "e2e");
    body.putArray("members").add("rus");
    String ch = as("usa").post("/liaison/v1/channels", body).at("/id");
    ChannelsClient.Answer r = client("usa", usaKeys).consentPlain(ch);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body().get("message").asText()).contains("e2e encrypted");
    assertThat(as("usa").get("/liaison/v1/channels/" + ch).json().has("awaiting_plain_consent")).isFalse();
  }
}
