package org.liaison.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.liaison.http.Json;
import org.liaison.keys.PartyKeys;
import org.liaison.keys.Statement;
import org.liaison.proof.Receipt;

/** The life of an agreement and its refusals, over HTTP, run against every store (see the subclasses). */
abstract class AgreementsContract extends AgreementsFixture {

  @Test
  void an_agreement_comes_into_force_when_every_party_accepted_and_each_step_is_a_ledger_entry() throws Exception {
    JsonNode p = propose(usa, agreement(group, "usa", "rus", "tur"));
    String id = p.get("id").asText();
    assertThat(p.get("status").asText()).isEqualTo("proposed");
    assertThat(p.get("in_force_version").isNull()).isTrue();
    assertThat(p.at("/parties/0/party").asText()).isEqualTo("usa");
    assertThat(p.get("receipts")).hasSize(2);
    Receipt first = Receipt.fromJson(p.get("receipts").get(0).toString());
    assertThat(first.verify(hub.ledger().key().publicKey())).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(accept(rus, id).get("status").asText()).isEqualTo("proposed");
    clock.advance(Duration.ofMinutes(1));
    JsonNode done = accept(tur, id);
    assertThat(done.get("status").asText()).isEqualTo("in_force");
    assertThat(done.get("in_force_version").asInt()).isEqualTo(1);
    assertThat(done.at("/versions/0/in_force").asText()).isEqualTo("2026-03-01T06:02:00.123Z");
    // Accepting again changes nothing and records nothing.
    JsonNode again = accept(tur, id);
    assertThat(again.get("changed").asBoolean()).isFalse();

    ObjectNode amended = agreement(group, "usa", "rus", "tur");
    amended.withObjectProperty("separation").put("horizontal_m", 8000);
    clock.advance(Duration.ofMinutes(1));
    Party.Resp a = rus.put(BASE + "/" + id, amended);
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.json().get("latest_version").asInt()).isEqualTo(2);
    assertThat(a.json().get("in_force_version").asInt()).as("version 1 stays in force until 2 is accepted").isEqualTo(1);
    assertThat(hub.agreements().inForce()).singleElement()
        .satisfies(f -> assertThat(f.agreement().separation().horizontalM()).isEqualTo(5000));
    accept(usa, id);
    accept(tur, id);
    assertThat(hub.agreements().inForce()).singleElement()
        .satisfies(f -> assertThat(f.agreement().separation().horizontalM()).isEqualTo(8000));

    Party.Resp w = tur.post(BASE + "/" + id + "/withdraw", null);
    assertThat(w.status()).as(w.text()).isEqualTo(200);
    assertThat(w.json().get("status").asText()).isEqualTo("withdrawn");
    assertThat(hub.agreements().inForce()).isEmpty();

    assertThat(ledger("agreement.propose")).singleElement().satisfies(e -> {
      assertThat(e.get("party").asText()).isEqualTo("usa");
      assertThat(e.get("agreement_id").asText()).isEqualTo(id);
      assertThat(e.get("document_sha256").asText()).isEqualTo(done.at("/versions/0/document_sha256").asText());
    });
    assertThat(ledger("agreement.amend")).singleElement().satisfies(e -> assertThat(e.get("version").asInt()).isEqualTo(2));
    List<JsonNode> accepts = ledger("agreement.accept");
    assertThat(accepts).extracting(e -> e.get("party").asText() + "@" + e.get("version").asInt() + ":"
        + e.get("in_force").asBoolean())
        .containsExactly("usa@1:false", "rus@1:false", "tur@1:true", "rus@2:false", "usa@2:false", "tur@2:true");
    assertThat(ledger("agreement.withdraw")).singleElement().satisfies(e -> assertThat(e.get("party").asText()).isEqualTo("tur"));

    // Every step's leaf hash, as the agreement shows it, is in the ledger.
    JsonNode shown = usa.get(BASE + "/" + id).json();
    for (String leaf : List.of(shown.at("/versions/0/propose_leaf_hash").asText(),
        shown.at("/versions/1/accept_leaf_hashes/tur").asText(), shown.get("withdraw_leaf_hash").asText())) {
      assertThat(hub.ledger().indexOf(Base64.getDecoder().decode(leaf))).as(leaf).isPresent();
    }
  }

  @Test
  void in_force_gives_each_party_the_documents_of_the_versions_in_force_it_is_party_to() {
    String id = propose(usa, agreement(group, "usa", "rus")).get("id").asText();
    assertThat(usa.get(BASE + "/in-force").json().get("agreements")).as("not yet in force").isEmpty();
    accept(rus, id);
    ObjectNode amended = agreement(group, "usa", "rus");
    amended.withObjectProperty("separation").put("horizontal_m", 8000);
    assertThat(usa.put(BASE + "/" + id, amended).status()).isEqualTo(200);
    Party.Resp r = rus.get(BASE + "/in-force");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode one = r.json().get("agreements").get(0);
    assertThat(r.json().get("agreements")).hasSize(1);
    assertThat(one.get("id").asText()).isEqualTo(id);
    assertThat(one.get("version").asInt()).as("version 2 awaits rus").isEqualTo(1);
    assertThat(one.at("/document/separation/horizontal_m").asDouble()).isEqualTo(5000);
    assertThat(one.get("in_force").asText()).isEqualTo("2026-03-01T06:00:00.123Z");
    assertThat(tur.get(BASE + "/in-force").json().get("agreements")).as("tur is no party").isEmpty();
  }

  @Test
  void a_party_silent_past_its_agreements_unreachable_after_is_down_and_others_keep_their_interval() {
    ObjectNode doc = agreement(group, "usa", "rus");
    doc.withObjectProperty("line").put("heartbeat_seconds", 30).put("unreachable_after_seconds", 90);
    ObjectNode looser = agreement(group, "usa", "rus", "tur");
    looser.withObjectProperty("line").put("heartbeat_seconds", 60).put("unreachable_after_seconds", 600);
    for (ObjectNode d : List.of(doc, looser)) {
      String id = propose(usa, d).get("id").asText();
      accept(rus, id);
      if (d == looser) {
        accept(tur, id);
      }
    }
    // Each declares an interval of an hour; rus is bound to 90 s, tur only to 600 s.
    for (Party p : List.of(rus, tur)) {
      Party.Resp h = p.post("/liaison/v1/parties/" + p.name + "/heartbeat",
          Json.MAPPER.createObjectNode().put("interval_seconds", 3600));
      assertThat(h.status()).as(h.text()).isEqualTo(200);
    }
    Party.Resp h = rus.post("/liaison/v1/parties/rus/heartbeat", null);
    assertThat(h.at("/next_heartbeat_before")).isEqualTo("2026-03-01T06:01:30.123Z");

    clock.advance(Duration.ofSeconds(90));
    hub.channels().sweep();
    assertThat(usa.get("/liaison/v1/parties/rus").at("/availability")).as("exactly 90 s is not past").isEqualTo("Normal");
    clock.advance(Duration.ofMillis(1));
    hub.channels().sweep();
    assertThat(usa.get("/liaison/v1/parties/rus").at("/availability")).isEqualTo("Down");
    assertThat(usa.get("/liaison/v1/parties/tur").at("/availability")).isEqualTo("Normal");

    clock.advance(Duration.ofSeconds(510));
    hub.channels().sweep();
    assertThat(usa.get("/liaison/v1/parties/tur").at("/availability")).as("600 s passed").isEqualTo("Down");

    assertThat(rus.post("/liaison/v1/parties/rus/heartbeat", null).status()).isEqualTo(200);
    assertThat(usa.get("/liaison/v1/parties/rus").at("/availability")).isEqualTo("Normal");
  }

  @Test
  void a_missed_deadline_on_the_agreements_channel_takes_each_step_of_its_chain_once() throws Exception {
    ObjectNode doc = agreement(group, "usa", "rus", "tur");
    var chain = doc.putArray("escalation");
    chain.addObject().put("after_seconds", 0).put("channel", group).putArray("notify").add("usa");
    chain.addObject().put("after_seconds", 600).put("channel", group).putArray("notify").add("usa").add("tur");
    String id = propose(usa, doc).get("id").asText();
    accept(rus, id);
    accept(tur, id);
    Party.Resp m = usa.post("/liaison/v1/channels/" + group + "/messages",
        Json.MAPPER.createObjectNode().put("text", "Confirm the line is staffed").put("ack_within_seconds", 60));
    assertThat(m.status()).as(m.text()).isEqualTo(201);
    String message = m.at("/id");
    Party.Resp ack = tur.post("/liaison/v1/channels/" + group + "/messages/" + message + "/ack", null);
    assertThat(ack.status()).as(ack.text()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(59));
    hub.channels().sweep();
    assertThat(chainEvents(usa)).as("a second before the deadline").isEmpty();
    // At the deadline, as channels' own escalation: step 0 is after 0 s.
    clock.advance(Duration.ofSeconds(1));
    hub.channels().sweep();
    hub.channels().sweep();
    assertThat(chainEvents(usa)).singleElement().satisfies(e -> {
      assertThat(e.get("step").asInt()).isZero();
      assertThat(e.get("chain").asText()).isEqualTo(id);
      assertThat(e.get("recipient").asText()).as("tur acknowledged; rus did not").isEqualTo("rus");
      assertThat(e.get("message_id").asText()).isEqualTo(message);
      assertThat(e.get("channel_id").asText()).isEqualTo(group);
    });
    assertThat(chainEvents(tur)).as("step 0 names only usa").isEmpty();
    assertThat(chainEvents(rus)).isEmpty();

    clock.advance(Duration.ofSeconds(599));
    hub.channels().sweep();
    assertThat(chainEvents(tur)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    hub.channels().sweep();
    hub.channels().sweep();
    assertThat(chainEvents(tur)).singleElement().satisfies(e -> assertThat(e.get("step").asInt()).isEqualTo(1));
    assertThat(chainEvents(usa)).extracting(e -> e.get("step").asInt()).containsExactly(0, 1);
    assertThat(chainEvents(rus)).isEmpty();

    List<JsonNode> entries = ledger("message.escalation").stream()
        .filter(e -> e.get("policy").asText().equals("chain")).toList();
    assertThat(entries).extracting(e -> e.get("step").asInt() + ":" + e.get("notified"))
        .containsExactly("0:[\"usa\"]", "1:[\"usa\",\"tur\"]");
    assertThat(entries).allSatisfy(e -> assertThat(e.get("chain").asText()).isEqualTo(id));
  }

  /** The escalation events of an agreement's chain that {@code p} was told of. */
  private static List<JsonNode> chainEvents(Party p) {
    Party.Resp r = p.get("/liaison/v1/events?after=0&limit=500");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    List<JsonNode> out = new java.util.ArrayList<>();
    r.json().forEach(e -> {
      if (e.get("type").asText().equals("escalation") && e.path("policy").asText().equals("chain")) {
        out.add(e);
      }
    });
    return out;
  }

  @Test
  void list_and_show_are_for_parties_only() {
    String id = propose(usa, agreement(group, "usa", "rus")).get("id").asText();
    assertThat(rus.get(BASE).json().get("agreements")).hasSize(1);
    assertThat(tur.get(BASE).json().get("agreements")).isEmpty();
    assertThat(tur.get(BASE + "/" + id).status()).isEqualTo(403);
    assertThat(usa.get(BASE + "/no-such-agreement").status()).isEqualTo(404);
  }

  @Test
  void accepting_an_agreement_one_is_not_party_to_is_403() {
    String id = propose(usa, agreement(group, "usa", "rus")).get("id").asText();
    Party.Resp r = tur.post(BASE + "/" + id + "/accept", null);
    assertThat(r.status()).as(r.text()).isEqualTo(403);
    assertThat(r.at("/message")).contains("tur").contains(id);
  }

  @Test
  void amending_a_withdrawn_agreement_is_409_and_keeps_it_withdrawn() {
    String id = propose(usa, agreement(group, "usa", "rus")).get("id").asText();
    assertThat(rus.post(BASE + "/" + id + "/withdraw", null).status()).isEqualTo(200);
    Party.Resp r = usa.put(BASE + "/" + id, agreement(group, "usa", "rus"));
    assertThat(r.status()).as(r.text()).isEqualTo(409);
    assertThat(r.at("/message")).contains("withdrawn");
    assertThat(usa.post(BASE + "/" + id + "/accept", null).status()).isEqualTo(409);
    assertThat(usa.post(BASE + "/" + id + "/withdraw", null).status()).isEqualTo(409);
    JsonNode shown = usa.get(BASE + "/" + id).json();
    assertThat(shown.get("latest_version").asInt()).isEqualTo(1);
    assertThat(shown.get("status").asText()).isEqualTo("withdrawn");
  }

  @Test
  void accepting_a_version_that_is_no_longer_the_latest_is_409() {
    String id = propose(usa, agreement(group, "usa", "rus")).get("id").asText();
    assertThat(usa.put(BASE + "/" + id, agreement(group, "usa", "rus")).status()).isEqualTo(200);
    Party.Resp r = rus.post(BASE + "/" + id + "/accept", "{\"version\": 1}");
    assertThat(r.status()).as(r.text()).isEqualTo(409);
    assertThat(r.at("/message")).contains("version 2");
  }

  // ------------------------------------------------------------------ bad input: 400 naming the field

  private void refused(Consumer<ObjectNode> change, String... inMessage) {
    ObjectNode doc = agreement(group, "usa", "rus", "tur");
    change.accept(doc);
    Party.Resp r = usa.post(BASE, doc);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.at("/message")).as(r.text()).contains(inMessage);
    // Nothing was stored or recorded.
    assertThat(usa.get(BASE).json().get("agreements")).isEmpty();
  }

  @Test
  void unknown_party_is_400_naming_it() {
    refused(d -> d.withArray("parties").add("atlantis"), "parties[3]", "atlantis");
  }

  @Test
  void negative_buffer_is_400_naming_it() {
    refused(d -> d.withObjectProperty("separation").put("horizontal_m", -1), "separation.horizontal_m", "-1");
  }

  @Test
  void absurd_buffer_is_400_naming_it() {
    refused(d -> d.withObjectProperty("separation").put("vertical_m", 250_000), "separation.vertical_m", "250000");
  }

  @Test
  void zero_deadline_is_400_naming_it() {
    refused(d -> d.withObjectProperty("acknowledgement").put("safety-of-flight", 0), "acknowledgement.safety-of-flight", "0");
  }

  @Test
  void unknown_language_is_400_naming_it() {
    refused(d -> d.withArray("languages").add("klingon"), "languages[2]", "klingon");
  }

  @Test
  void schema_violations_are_400_naming_the_field() {
    refused(d -> d.remove("channel"), "channel", "required");
    refused(d -> d.put("signed_in_blood", true), "signed_in_blood");
    refused(d -> d.withObjectProperty("line").put("heartbeat_seconds", "thirty"), "line.heartbeat_seconds", "thirty");
    refused(d -> d.withObjectProperty("line").withObjectProperty("hours").put("from", "25:00"), "line.hours.from", "25:00");
    refused(d -> d.withObjectProperty("minimum_notice").withObjectProperty("parties").put("atlantis", 5), "minimum_notice.parties.atlantis");
    refused(d -> d.put("channel", "no-such-channel"), "channel", "no-such-channel");
  }

  @Test
  void proposing_an_agreement_one_is_not_party_to_is_400() {
    Party.Resp r = tur.post(BASE, agreement(group, "usa", "rus"));
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.at("/message")).contains("parties").contains("tur");
  }

  @Test
  void the_schema_is_served_and_is_json_schema() {
    Party.Resp r = usa.get(BASE + "/schema.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.at("/$schema")).contains("2020-12");
    Party.Resp doc = usa.get("/liaison/v1/openapi.yaml");
    for (String path : List.of("", "/{agreement}", "/{agreement}/accept", "/{agreement}/withdraw",
        "/{agreement}/compliance", "/schema.json")) {
      assertThat(doc.text()).contains("\n  /liaison/v1/agreements" + path + ":\n");
    }
  }

  // ------------------------------------------------------------------ party-signed statements

  /** Publishes fresh keys for {@code p} at the hub; returns them. */
  private PartyKeys publishKeys(Party p) {
    PartyKeys k = PartyKeys.generate(p.name, clock.instant());
    Party.Resp r = p.put("/liaison/v1/parties/" + p.name + "/keys", k.publication(clock.instant(), null).json());
    assertThat(r.status()).as(r.text()).isIn(200, 201);
    return k;
  }

  /** {@code {"key_id", "time", "value"}}: {@code k}'s signature of a statement of {@code type} with {@code fields}. */
  private ObjectNode sign(PartyKeys k, Statement.Type type, ObjectNode fields) {
    Statement st = Statement.of(type, k.party(), clock.instant(), k.keyId());
    st.body().setAll(fields);
    return Json.MAPPER.createObjectNode().put("key_id", k.keyId()).put("time", st.time()).put("value", st.sign(k));
  }

  private static ObjectNode names(String id, int version, String sha) {
    return Agreements.fields(id, version, sha);
  }

  private ObjectNode signedAccept(PartyKeys k, String id, int version, String sha) {
    ObjectNode b = Json.MAPPER.createObjectNode().put("version", version);
    b.set("signature", sign(k, Statement.Type.AGREEMENT_ACCEPT, names(id, version, sha)));
    return b;
  }

  @Test
  void a_keyed_partys_signed_proposal_acceptance_amendment_and_withdrawal_are_recorded_with_their_signatures()
      throws Exception {
    PartyKeys usaKeys = publishKeys(usa);
    PartyKeys rusKeys = publishKeys(rus);
    ObjectNode doc = agreement(group, "usa", "rus");
    String sha = Agreements.sha256(AgreementFormat.canonical(doc));
    String id = java.util.UUID.randomUUID().toString();
    ObjectNode proposal = Json.MAPPER.createObjectNode().put("id", id);
    proposal.set("document", doc);
    proposal.set("signature", sign(usaKeys, Statement.Type.AGREEMENT_PROPOSE, names(id, 1, sha)));
    Party.Resp p = usa.post(BASE, proposal);
    assertThat(p.status()).as(p.text()).isEqualTo(201);
    assertThat(p.at("/id")).isEqualTo(id);

    Party.Resp a = rus.post(BASE + "/" + id + "/accept", signedAccept(rusKeys, id, 1, sha));
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.at("/status")).isEqualTo("in_force");

    ObjectNode doc2 = agreement(group, "usa", "rus").put("title", "Amended memorandum");
    String sha2 = Agreements.sha256(AgreementFormat.canonical(doc2));
    ObjectNode amendment = Json.MAPPER.createObjectNode();
    amendment.set("document", doc2);
    amendment.set("signature", sign(rusKeys, Statement.Type.AGREEMENT_AMEND, names(id, 2, sha2)));
    Party.Resp m = rus.put(BASE + "/" + id, amendment);
    assertThat(m.status()).as(m.text()).isEqualTo(200);

    ObjectNode withdrawal = Json.MAPPER.createObjectNode();
    withdrawal.set("signature", sign(usaKeys, Statement.Type.AGREEMENT_WITHDRAW, names(id, 2, sha2)));
    Party.Resp w = usa.post(BASE + "/" + id + "/withdraw", withdrawal);
    assertThat(w.status()).as(w.text()).isEqualTo(200);

    // Each party's entry carries its statement and a signature that verifies against its key.
    record Expect(String type, Statement.Type st, PartyKeys by, int version, String sha) {}
    for (Expect x : List.of(new Expect("agreement.propose", Statement.Type.AGREEMENT_PROPOSE, usaKeys, 1, sha),
        new Expect("agreement.amend", Statement.Type.AGREEMENT_AMEND, rusKeys, 2, sha2),
        new Expect("agreement.withdraw", Statement.Type.AGREEMENT_WITHDRAW, usaKeys, 2, sha2))) {
      List<JsonNode> es = ledger(x.type());
      assertThat(es).as(x.type()).hasSize(1);
      JsonNode e = es.get(0);
      Statement st = Statement.parse(x.st(), e.get("statement"));
      assertThat(st.party()).isEqualTo(x.by().party());
      assertThat(st.body().path("agreement_id").asText()).isEqualTo(id);
      assertThat(st.body().path("version").asInt()).isEqualTo(x.version());
      assertThat(st.body().path("document_sha256").asText()).isEqualTo(x.sha());
      assertThat(st.verify(x.by().publicKeys().ed25519(), e.path("signature").asText())).as(x.type()).isTrue();
    }
    // The evidence about the agreement finds every step the party's own (the proposer's acceptance implied by its proposal).
    hub.ledger().sequence();
    List<org.liaison.proof.LogEntry> log = hub.ledger().entries(0, hub.ledger().size());
    JsonNode bundle = org.liaison.keys.Evidence.build("agreement", id, log, hub.ledger().noteAt(log.size()),
        hub.ledger().key().vkey(), List.of(), null);
    org.liaison.keys.Evidence.Report report = org.liaison.keys.Evidence.verify(bundle, hub.ledger().key().verifierKey());
    assertThat(report.verified()).as(report.lines().toString()).isTrue();
    assertThat(report.lines().stream().filter(l -> l.status().equals("ok") && l.text().contains(": agreement.")))
        .hasSize(4);
    assertThat(report.statements()).anySatisfy(l -> assertThat(l).contains("usa agreement.accept")
        .contains("implied by its signed agreement.propose"));
    assertThat(report.statements()).anySatisfy(l -> assertThat(l).contains("rus agreement.accept")
        .contains("implied by its signed agreement.amend"));
    assertThat(report.statements()).noneSatisfy(l -> assertThat(l).contains("HUB-ATTESTED"));

    JsonNode rusAccept = ledger("agreement.accept").stream().filter(e -> e.path("party").asText().equals("rus"))
        .findFirst().orElseThrow();
    Statement st = Statement.parse(Statement.Type.AGREEMENT_ACCEPT, rusAccept.get("statement"));
    assertThat(st.verify(rusKeys.publicKeys().ed25519(), rusAccept.path("signature").asText())).isTrue();
    assertThat(st.body().path("document_sha256").asText()).isEqualTo(sha);
  }

  @Test
  void an_acceptance_that_does_not_verify_is_refused_and_nothing_is_stored() throws Exception {
    PartyKeys usaKeys = publishKeys(usa);
    PartyKeys rusKeys = publishKeys(rus);
    PartyKeys turKeys = publishKeys(tur);
    ObjectNode doc = agreement(group, "usa", "rus");
    String sha = Agreements.sha256(AgreementFormat.canonical(doc));
    // A keyed party's bare proposal is refused, as an unsigned channel post would be.
    Party.Resp bare = usa.post(BASE, doc);
    assertThat(bare.status()).as(bare.text()).isEqualTo(400);
    assertThat(bare.at("/message")).contains("signature is missing").contains("usa").contains("agreement.propose");
    assertThat(ledger("agreement.propose")).isEmpty();

    String id = java.util.UUID.randomUUID().toString();
    ObjectNode proposal = Json.MAPPER.createObjectNode().put("id", id);
    proposal.set("document", doc);
    proposal.set("signature", sign(usaKeys, Statement.Type.AGREEMENT_PROPOSE, names(id, 1, sha)));
    Party.Resp p = usa.post(BASE, proposal);
    assertThat(p.status()).as(p.text()).isEqualTo(201);
    int entries = ledger("agreement.accept").size();

    // Another party's key.
    Party.Resp other = rus.post(BASE + "/" + id + "/accept", signedAccept(turKeys, id, 1, sha));
    assertThat(other.status()).as(other.text()).isEqualTo(403);
    assertThat(other.at("/message")).contains("signature.key_id").contains(turKeys.keyId());
    // The right key, but a statement of another type: a channel statement replayed.
    ObjectNode replay = Json.MAPPER.createObjectNode().put("version", 1);
    replay.set("signature", sign(rusKeys, Statement.Type.MESSAGE_POST, Json.MAPPER.createObjectNode()
        .put("channel_id", group).put("message_sha256", sha)));
    Party.Resp wrongType = rus.post(BASE + "/" + id + "/accept", replay);
    assertThat(wrongType.status()).as(wrongType.text()).isEqualTo(403);
    assertThat(wrongType.at("/message")).contains("signature.value").contains("agreement.accept");
    // The right key and type, another document.
    String otherSha = Agreements.sha256(AgreementFormat.canonical(agreement(group, "usa", "rus").put("title", "x")));
    Party.Resp wrongDoc = rus.post(BASE + "/" + id + "/accept", signedAccept(rusKeys, id, 1, otherSha));
    assertThat(wrongDoc.status()).as(wrongDoc.text()).isEqualTo(403);
    assertThat(wrongDoc.at("/message")).contains("signature.value").contains("agreement.accept");
    // No signature at all from a keyed party.
    Party.Resp none = rus.post(BASE + "/" + id + "/accept", null);
    assertThat(none.status()).as(none.text()).isEqualTo(400);
    assertThat(none.at("/message")).contains("signature is missing").contains("rus");

    assertThat(ledger("agreement.accept")).hasSize(entries);
    Party.Resp show = rus.get(BASE + "/" + id);
    assertThat(show.at("/status")).isEqualTo("proposed");
    assertThat(show.json().at("/parties/1/accepted").isNull()).isTrue();

    // The signed acceptance still goes through.
    Party.Resp ok = rus.post(BASE + "/" + id + "/accept", signedAccept(rusKeys, id, 1, sha));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.at("/status")).isEqualTo("in_force");
  }

  @Test
  void a_signed_proposal_needs_a_uuid_id_and_a_key_less_partys_steps_stay_hub_attested() throws Exception {
    ObjectNode doc = agreement(group, "usa", "rus");
    ObjectNode noId = Json.MAPPER.createObjectNode();
    noId.set("document", doc);
    noId.set("signature", Json.MAPPER.createObjectNode().put("key_id", "k").put("time", clock.instant().toString())
        .put("value", "AA=="));
    Party.Resp r = usa.post(BASE, noId);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.at("/message")).contains("id is missing");
    ObjectNode badId = noId.deepCopy().put("id", "not-a-uuid");
    r = usa.post(BASE, badId);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.at("/message")).contains("id").contains("not-a-uuid");
    // A key-less party sending a signature is refused: it has no key to check it against.
    ObjectNode keyless = noId.deepCopy().put("id", java.util.UUID.randomUUID().toString());
    r = usa.post(BASE, keyless);
    assertThat(r.status()).as(r.text()).isEqualTo(403);
    assertThat(r.at("/message")).contains("signature.key_id").contains("it has none");
    assertThat(ledger("agreement.propose")).isEmpty();

    // Key-less parties: bare documents and empty bodies, recorded hub-attested (no statement, no signature).
    String id = propose(usa, doc).path("id").asText();
    accept(rus, id);
    for (String type : List.of("agreement.propose", "agreement.accept")) {
      for (JsonNode e : ledger(type)) {
        assertThat(e.has("statement")).as(type).isFalse();
        assertThat(e.has("signature")).as(type).isFalse();
      }
    }
  }
}
