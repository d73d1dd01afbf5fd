package org.liaison.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
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
}
