package org.liaison.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.liaison.http.Json;

/**
 * The short-notice rule, clock-driven: which declarations fire it, to whom, on which channel, in
 * which languages, exactly once, and the escalation of a missed deadline. The test runs the rule
 * and the channel sweep itself; no test sleeps.
 */
abstract class ShortNoticeContract extends AgreementsFixture {

  /** An Accepted operation notice: a 3 km circle at (34.5, lng), 0–3000 m, starting {@code lead} from now for 2 h. */
  ObjectNode notice(Party who, double lng, Duration lead) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("state", "Accepted").put("uss_base_url", "https://" + who.name + ".example");
    ObjectNode ext = body.putArray("extents").addObject();
    ObjectNode vol = ext.putObject("volume");
    ObjectNode circle = vol.putObject("outline_circle");
    circle.putObject("center").put("lat", 34.5).put("lng", lng);
    circle.putObject("radius").put("value", 3000).put("units", "M");
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 3000).put("reference", "W84").put("units", "M");
    Instant start = clock.instant().plus(lead);
    ext.putObject("time_start").put("value", start.toString()).put("format", "RFC3339");
    ext.putObject("time_end").put("value", start.plusSeconds(7200).toString()).put("format", "RFC3339");
    return body;
  }

  String declare(Party who, double lng, Duration lead) {
    String id = UUID.randomUUID().toString();
    Party.Resp r = who.put("/dss/v1/operational_intent_references/" + id, notice(who, lng, lead));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return id;
  }

  String hotline() {
    ObjectNode ch = Json.MAPPER.createObjectNode().put("name", "hotline").put("kind", "bilateral");
    ch.putArray("members").add("rus");
    Party.Resp r = usa.post("/liaison/v1/channels", ch);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/id");
  }

  String inForce(ObjectNode doc, Party... others) {
    String id = propose(usa, doc).get("id").asText();
    for (Party p : others) {
      accept(p, id);
    }
    return id;
  }

  List<JsonNode> messages(Party p, String channel) {
    List<JsonNode> out = new ArrayList<>();
    p.get("/liaison/v1/channels/" + channel + "/messages").json().get("messages").forEach(out::add);
    return out;
  }

  /** Sequences the ledger and runs the rule, as the hub does every second. */
  List<ShortNotice.Warning> runRule() {
    hub.ledger().sequence();
    return hub.shortNotice().scan();
  }

  @Test
  void a_declarer_with_published_keys_is_warned_about_all_the_same_and_the_hub_attests_the_post() throws Exception {
    String hotline = hotline();
    ObjectNode bilateral = agreement(hotline, "usa", "rus");
    bilateral.withObjectProperty("minimum_notice").put("default_minutes", 120);
    inForce(bilateral, rus);
    // usa signs its own statements from now on; the hub cannot sign for it.
    org.liaison.keys.PartyKeys keys = org.liaison.keys.PartyKeys.generate("usa", clock.instant());
    Party.Resp published = usa.put("/liaison/v1/parties/usa/keys", keys.publication(clock.instant(), null).json());
    assertThat(published.status()).as(published.text()).isBetween(200, 201);

    declare(rus, 38.25 + 0.08, Duration.ofHours(1));
    assertThat(runRule()).as("nobody was near rus when it declared").isEmpty();
    String op = declare(usa, 38.25, Duration.ofMinutes(30));
    assertThat(runRule()).singleElement().satisfies(w -> assertThat(w.to()).containsExactly("rus"));
    assertThat(messages(rus, hotline)).singleElement()
        .satisfies(m -> assertThat(m.at("/phrase/params/notice").asText()).isEqualTo(op));
    hub.ledger().sequence();
    assertThat(ledger("message.post")).singleElement().satisfies(e -> {
      assertThat(e.get("posted_by").asText()).isEqualTo("hub");
      assertThat(e.has("signature")).isFalse();
    });
    // The evidence about the warning verifies: the hub claims the post as its own, not as usa's.
    String messageId = messages(rus, hotline).get(0).get("id").asText();
    java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + hub.port());
    org.liaison.ledger.LedgerClient client = new org.liaison.ledger.LedgerClient(uri,
        org.liaison.ledger.LedgerClient.devToken(uri, "inquiry", "liaison.ledger.read"));
    var cp = client.checkpoint();
    var key = client.key().verifierKey();
    var bundle = org.liaison.keys.Evidence.build("message", messageId, client.entries(0, cp.treeSize()), cp.note(),
        key.vkey(), List.of(), null);
    var report = org.liaison.keys.Evidence.verify(bundle, key);
    assertThat(report.verified()).as(report.lines().toString()).isTrue();
    assertThat(report.statements()).anySatisfy(l -> assertThat(l).contains("POSTED BY THE HUB", "usa"));
  }

  @Test
  void on_an_end_to_end_encrypted_hotline_the_hub_posts_its_warning_plain_and_says_it_attests_it() throws Exception {
    ObjectNode ch = Json.MAPPER.createObjectNode().put("name", "hotline").put("kind", "bilateral")
        .put("encryption", "e2e");
    ch.putArray("members").add("rus");
    Party.Resp created = usa.post("/liaison/v1/channels", ch);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String hotline = created.at("/id");
    ObjectNode bilateral = agreement(hotline, "usa", "rus");
    bilateral.withObjectProperty("minimum_notice").put("default_minutes", 120);
    inForce(bilateral, rus);

    declare(rus, 38.25 + 0.08, Duration.ofHours(1));
    assertThat(runRule()).isEmpty();
    String op = declare(usa, 38.25, Duration.ofMinutes(30));
    assertThat(runRule()).singleElement().satisfies(w -> assertThat(w.channel()).isEqualTo(hotline));
    assertThat(messages(rus, hotline)).singleElement().satisfies(m -> {
      assertThat(m.get("encrypted").asBoolean()).isFalse();
      assertThat(m.get("posted_by").asText()).isEqualTo("hub");
      assertThat(m.get("hub_attested").asBoolean()).isTrue();
      assertThat(m.at("/phrase/params/notice").asText()).isEqualTo(op);
      assertThat(m.get("renderings").size()).as("the hub renders its plain warning").isPositive();
    });
    // A party's own plain post stays refused there: only the hub's rule post goes out plain.
    ObjectNode plain = Json.MAPPER.createObjectNode().put("client_message_id", "m1").put("text", "hello");
    Party.Resp refused = usa.post("/liaison/v1/channels/" + hotline + "/messages", plain);
    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.text()).contains("text", "end-to-end encrypted");
    assertThat(messages(usa, hotline)).singleElement()
        .satisfies(m -> assertThat(m.get("posted_by").asText()).isEqualTo("hub"));
    hub.ledger().sequence();
    assertThat(ledger("message.post")).singleElement()
        .satisfies(e -> assertThat(e.get("posted_by").asText()).isEqualTo("hub"));
  }

  @Test
  void a_short_notice_declaration_warns_exactly_the_affected_parties_once_in_every_agreed_language() throws Exception {
    String hotline = hotline();
    // The group: 20 minutes' notice, 5 km; the hotline: 120 minutes, Arabic as well.
    ObjectNode groupDoc = agreement(group, "usa", "rus", "tur");
    groupDoc.withObjectProperty("minimum_notice").put("default_minutes", 20);
    inForce(groupDoc, rus, tur);
    ObjectNode bilateral = agreement(hotline, "usa", "rus");
    bilateral.withObjectProperty("minimum_notice").put("default_minutes", 120);
    bilateral.withObjectProperty("acknowledgement").put("safety-of-flight", 120);
    bilateral.set("languages", Json.MAPPER.createArrayNode().add("en").add("ar"));
    String hotlineAgreement = inForce(bilateral, rus);

    // Neighbours 1.3 km outside usa's circle on either side, and one far away.
    declare(rus, 38.25 + 0.08, Duration.ofHours(1));
    declare(tur, 38.25 - 0.08, Duration.ofHours(1));
    declare(as("fra"), 38.25 + 0.16, Duration.ofHours(1));
    declare(as("gbr"), 40.0, Duration.ofHours(1));
    List<ShortNotice.Warning> before = runRule();
    assertThat(before).as("their own declarations were short of no rule in force between neighbours").isEmpty();

    // usa declares 30 minutes ahead: short of the hotline's 120 minutes, not of the group's 20.
    String op = declare(usa, 38.25, Duration.ofMinutes(30));
    List<ShortNotice.Warning> warnings = runRule();
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.notice()).isEqualTo(op);
      assertThat(w.channel()).isEqualTo(hotline);
      assertThat(w.to()).containsExactly("rus");
      assertThat(w.minimum()).isEqualTo(Duration.ofMinutes(120));
      assertThat(w.lead()).isEqualTo(Duration.ofMinutes(30));
    });
    assertThat(messages(tur, group)).isEmpty();

    List<JsonNode> got = messages(rus, hotline);
    assertThat(got).singleElement().satisfies(m -> {
      assertThat(m.get("sender").asText()).isEqualTo("usa");
      assertThat(m.get("priority").asText()).isEqualTo("safety-of-flight");
      assertThat(m.at("/phrase/type").asText()).isEqualTo("short-notice-operation");
      assertThat(Duration.between(Instant.parse(m.get("posted").asText()), Instant.parse(m.get("ack_deadline").asText())))
          .isEqualTo(Duration.ofSeconds(120));
      // Every language the two agreements name: en and ru (group), en and ar (hotline).
      for (String lang : List.of("en", "ru", "ar")) {
        assertThat(m.at("/renderings/" + lang).asText()).as(lang).contains(op).contains("120");
      }
      assertThat(m.at("/renderings/en").asText()).startsWith("SHORT NOTICE: operation notice " + op)
          .contains("34°30.000′N");
      assertThat(m.at("/notices/0/id").asText()).isEqualTo(op);
    });

    // Once: later runs, and reading the same entries again, post nothing more.
    assertThat(runRule()).isEmpty();
    hub.ledger().sequence();
    long postsBefore = ledger("message.post").size();
    hub.shortNotice().rewind();
    assertThat(hub.shortNotice().scan()).as("a second reading of the ledger judges no declaration again").isEmpty();
    assertThat(ledger("message.post")).hasSize((int) postsBefore);
    assertThat(messages(rus, hotline)).hasSize(1);

    // A declaration with enough notice warns nobody.
    declare(usa, 38.25, Duration.ofHours(3));
    assertThat(runRule()).isEmpty();

    // The deadline passes unacknowledged: the channel escalates.
    clock.advance(Duration.ofSeconds(121));
    hub.channels().sweep();
    hub.ledger().sequence();
    // Once by the channel's own policy, and once by step 0 of the hotline agreement's chain.
    assertThat(ledger("message.escalation")).extracting(e -> e.get("policy").asText())
        .containsExactly("mark-unresponsive", "chain");
    assertThat(ledger("message.escalation"))
        .allSatisfy(e -> assertThat(e.toString()).contains(warnings.get(0).messageId()).contains("rus"));

    // The hotline agreement's compliance report counts it, and cites ledger entries that exist.
    Party.Resp c = rus.get(BASE + "/" + hotlineAgreement + "/compliance?from=2026-03-01T00:00:00Z&to="
        + clock.instant().plusSeconds(1));
    assertThat(c.status()).as(c.text()).isEqualTo(200);
    JsonNode usaFigures = c.json().at("/parties/0");
    JsonNode rusFigures = c.json().at("/parties/1");
    assertThat(usaFigures.at("/declarations/count").asInt()).isEqualTo(2);
    assertThat(usaFigures.at("/declarations/under_minimum").asInt()).isEqualTo(1);
    assertThat(usaFigures.at("/declarations/lead_time_seconds/p5").asLong()).isEqualTo(1800);
    assertThat(usaFigures.at("/warnings_sent/count").asInt()).isEqualTo(1);
    assertThat(rusFigures.at("/warnings_received/never_acknowledged").asInt()).isEqualTo(1);
    long size = hub.ledger().size();
    for (JsonNode idx : usaFigures.at("/declarations/under_minimum_entries")) {
      assertThat(idx.asLong()).isLessThan(size);
      var entry = hub.ledger().entries(idx.asLong(), idx.asLong() + 1).get(0);
      assertThat(entry.entry()).asString().contains(op);
      assertThat(c.json().at("/leaf_hashes/" + idx.asLong()).asText())
          .isEqualTo(java.util.Base64.getEncoder().encodeToString(entry.leafHash()));
    }
    assertThat(rus.get(BASE + "/" + hotlineAgreement + "/compliance?from=yesterday").status()).isEqualTo(400);
  }
}
