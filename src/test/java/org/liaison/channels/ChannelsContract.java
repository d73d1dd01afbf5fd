package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of channels over HTTP, run against every store (see the subclasses). Deadlines
 * pass by moving the clock and calling {@code sweep}; no test sleeps to wait for time.
 */
abstract class ChannelsContract extends ChannelsFixture {

  // ------------------------------------------------------------------ delivery states

  @Test
  void each_state_transition_is_recorded_with_a_receipt_and_shown_to_the_sender() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    JsonNode posted = post(usa, ch, text("Strikes planned near Homs at 0600Z"));
    assertThat(posted.get("seq").asLong()).isEqualTo(1);
    assertThat(posted.get("receipt").get("signature").asText()).isNotEmpty();
    assertThat(delivery(posted, "rus").get("state").asText()).isEqualTo("sent");
    String id = posted.get("id").asText();

    clock.advance(Duration.ofSeconds(1));
    Api.Resp page = rus.get(messages(ch));
    assertThat(page.status()).isEqualTo(200);
    assertThat(delivery(page.json().get("messages").get(0), "rus").get("state").asText()).isEqualTo("delivered");

    clock.advance(Duration.ofSeconds(1));
    Api.Resp read = rus.post(messages(ch) + "/" + id + "/read", null);
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(read.at("/state")).isEqualTo("read");
    assertThat(read.json().get("receipt").isObject()).isTrue();

    clock.advance(Duration.ofSeconds(1));
    Api.Resp ack = rus.post(messages(ch) + "/" + id + "/ack", Api.obj().put("reply", "Understood"));
    assertThat(ack.status()).as(ack.text()).isEqualTo(200);
    assertThat(ack.at("/state")).isEqualTo("acknowledged");
    assertThat(ack.json().get("late").asBoolean()).isFalse();

    JsonNode d = delivery(message(usa, ch, id), "rus");
    Instant sent = Instant.parse(d.get("sent").asText());
    assertThat(Instant.parse(d.get("delivered").asText())).isEqualTo(sent.plusSeconds(1));
    assertThat(Instant.parse(d.get("read").asText())).isEqualTo(sent.plusSeconds(2));
    assertThat(Instant.parse(d.get("acknowledged").asText())).isEqualTo(sent.plusSeconds(3));
    assertThat(d.get("reply").asText()).isEqualTo("Understood");

    for (String type : List.of("message.post", "message.delivered", "message.read", "message.ack")) {
      assertThat(ledger(type)).as(type).hasSize(1);
    }
    // Receipts are the hub's signatures over the very leaves the ledger holds.
    org.liaison.proof.Receipt receipt = org.liaison.proof.Receipt.fromJson(posted.get("receipt").toString());
    assertThat(receipt.verify(hub.ledger().key().publicKey())).isTrue();
    assertThat(hub.ledger().search("usa", "message.post", null, null, 10))
        .extracting(e -> java.util.Base64.getEncoder().encodeToString(e.leafHash()))
        .containsExactly(receipt.leafHash());
    org.liaison.proof.Receipt ackReceipt = org.liaison.proof.Receipt.fromJson(ack.json().get("receipt").toString());
    assertThat(ackReceipt.verify(hub.ledger().key().publicKey())).isTrue();
    // The sender is told of each step.
    assertThat(events(usa, 0, "delivery")).extracting(e -> e.get("state").asText())
        .containsExactly("delivered", "read", "acknowledged");
  }

  @Test
  void the_ledger_holds_a_hash_of_the_text_never_the_text() throws Exception {
    Api usa = as("usa");
    String ch = bilateral(usa, "rus");
    String secret = "Convoy route via Palmyra, grid 37SBU";
    post(usa, ch, text(secret));
    JsonNode entry = ledger("message.post").get(0);
    assertThat(entry.get("text_sha256").asText()).isEqualTo(org.liaison.proof.Merkle.sha256Hex(secret.getBytes(StandardCharsets.UTF_8)));
    hub.ledger().sequence();
    for (var e : hub.ledger().entries(0, hub.ledger().size())) {
      assertThat(new String(e.entry(), StandardCharsets.UTF_8)).doesNotContain("Palmyra");
    }
  }

  @Test
  void acknowledging_from_sent_records_delivered_and_read_on_the_way() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    String id = post(usa, ch, text("hello")).get("id").asText();
    Api.Resp ack = rus.post(messages(ch) + "/" + id + "/ack", null);
    assertThat(ack.status()).as(ack.text()).isEqualTo(200);
    assertThat(ack.at("/delivered")).isEqualTo(ack.at("/acknowledged"));
    assertThat(ack.at("/read")).isEqualTo(ack.at("/acknowledged"));
    assertThat(ledger("message.delivered")).hasSize(1);
    assertThat(ledger("message.read")).hasSize(1);
    assertThat(ledger("message.ack")).hasSize(1);
  }

  @Test
  void acknowledging_twice_is_idempotent() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    String id = post(usa, ch, text("hello")).get("id").asText();
    Api.Resp first = rus.post(messages(ch) + "/" + id + "/ack", Api.obj().put("reply", "first"));
    clock.advance(Duration.ofSeconds(5));
    Api.Resp second = rus.post(messages(ch) + "/" + id + "/ack", Api.obj().put("reply", "second"));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("changed").asBoolean()).isFalse();
    assertThat(second.json().get("receipt")).isEqualTo(first.json().get("receipt"));
    assertThat(second.at("/acknowledged")).isEqualTo(first.at("/acknowledged"));
    assertThat(second.at("/reply")).isEqualTo("first");
    assertThat(ledger("message.ack")).hasSize(1);
  }

  @Test
  void acknowledging_a_message_addressed_to_someone_else_is_403() {
    Api usa = as("usa");
    Api tur = as("tur");
    String ch = group(usa, "notify-group", "rus", "tur");
    ObjectNode body = text("for rus only");
    body.putArray("to").add("rus");
    String id = post(usa, ch, body).get("id").asText();
    assertThat(tur.post(messages(ch) + "/" + id + "/ack", null).status()).isEqualTo(403);
    assertThat(usa.post(messages(ch) + "/" + id + "/ack", null).status()).isEqualTo(403);
    assertThat(tur.post(messages(ch) + "/" + id + "/read", null).status()).isEqualTo(403);
    // tur still sees the message: it is a member.
    assertThat(message(tur, ch, id).get("deliveries")).hasSize(1);
  }

  // ------------------------------------------------------------------ deadlines and escalation

  @Test
  void a_missed_deadline_escalates_to_sender_and_recipient_and_marks_the_recipient_unresponsive() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    long start = events(usa, 0).size();
    String id = post(usa, ch, text("Confirm deconfliction line is staffed").put("ack_within_seconds", 60))
        .get("id").asText();

    clock.advance(Duration.ofSeconds(59));
    hub.channels().sweep();
    assertThat(events(usa, 0, "escalation")).isEmpty();

    clock.advance(Duration.ofSeconds(2));
    hub.channels().sweep();
    hub.channels().sweep();
    for (Api who : List.of(usa, rus)) {
      List<JsonNode> esc = events(who, 0, "escalation");
      assertThat(esc).as(who.party).hasSize(1);
      assertThat(esc.get(0).get("message_id").asText()).isEqualTo(id);
      assertThat(esc.get(0).get("policy").asText()).isEqualTo("mark-unresponsive");
      assertThat(esc.get(0).get("receipt").isObject()).isTrue();
    }
    assertThat(start).isPositive();
    assertThat(ledger("message.escalation")).hasSize(1);
    assertThat(ledger("party.unresponsive")).hasSize(1);
    JsonNode party = usa.get("/liaison/v1/parties/rus").json();
    assertThat(party.get("unresponsive").asBoolean()).isTrue();
    assertThat(delivery(message(usa, ch, id), "rus").get("escalated").isNull()).isFalse();
  }

  @Test
  void a_late_acknowledgement_is_accepted_marked_late_and_clears_unresponsive() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    String id = post(usa, ch, text("Acknowledge").put("ack_within_seconds", 30)).get("id").asText();
    clock.advance(Duration.ofSeconds(31));
    hub.channels().sweep();
    clock.advance(Duration.ofMinutes(10));
    Api.Resp ack = rus.post(messages(ch) + "/" + id + "/ack", null);
    assertThat(ack.status()).as(ack.text()).isEqualTo(200);
    assertThat(ack.json().get("late").asBoolean()).isTrue();
    assertThat(ledger("message.ack").get(0).at("/messages/0/late").asBoolean()).isTrue();
    assertThat(usa.get("/liaison/v1/parties/rus").json().get("unresponsive").asBoolean()).isFalse();
    assertThat(ledger("party.responsive")).hasSize(1);
    assertThat(events(usa, 0, "delivery")).last().satisfies(e -> assertThat(e.get("late").asBoolean()).isTrue());
  }

  @Test
  void safety_of_flight_messages_are_due_in_five_minutes_unless_told_otherwise() {
    Api usa = as("usa");
    String ch = bilateral(usa, "rus");
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    JsonNode m = post(usa, ch, text("Aircraft closing").put("priority", "safety-of-flight"));
    assertThat(Instant.parse(m.get("ack_deadline").asText())).isEqualTo(now.plus(Duration.ofMinutes(5)));
    JsonNode routine = post(usa, ch, text("Routine"));
    assertThat(routine.get("ack_deadline").isNull()).isTrue();
  }

  @Test
  void the_notify_group_policy_tells_every_member() throws Exception {
    Api usa = as("usa");
    Api fra = as("fra");
    String ch = group(usa, "notify-group", "rus", "fra");
    ObjectNode body = text("rus, confirm").put("ack_within_seconds", 10);
    body.putArray("to").add("rus");
    String id = post(usa, ch, body).get("id").asText();
    clock.advance(Duration.ofSeconds(11));
    hub.channels().sweep();
    List<JsonNode> seen = events(fra, 0, "escalation");
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).get("recipient").asText()).isEqualTo("rus");
    assertThat(usa.get("/liaison/v1/parties/rus").json().get("unresponsive").asBoolean()).isFalse();
    // When the acknowledgement comes, the group hears of it too.
    as("rus").post(messages(ch) + "/" + id + "/ack", null);
    assertThat(events(fra, 0, "delivery")).extracting(e -> e.get("state").asText()).contains("acknowledged");
    assertThat(ledger("message.escalation").get(0).get("notified")).hasSize(3);
  }

  // ------------------------------------------------------------------ posting

  @Test
  void a_retried_post_with_the_same_client_id_returns_the_same_message() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    ObjectNode body = text("Once only").put("ack_within_seconds", 600);
    JsonNode first = post(usa, ch, body);
    clock.advance(Duration.ofSeconds(3));
    Api.Resp retry = usa.post(messages(ch), body);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().get("replayed").asBoolean()).isTrue();
    // The retry answers exactly what the first post answered.
    ObjectNode again = retry.json().deepCopy();
    again.put("replayed", false);
    assertThat(again).isEqualTo(first);
    assertThat(retry.at("/id")).isEqualTo(first.get("id").asText());
    assertThat(retry.json().get("seq")).isEqualTo(first.get("seq"));
    assertThat(retry.json().get("receipt")).isEqualTo(first.get("receipt"));
    assertThat(rus.get(messages(ch)).json().get("messages")).hasSize(1);
    assertThat(ledger("message.post")).hasSize(1);

    body.put("text", "Other content");
    assertThat(usa.post(messages(ch), body).status()).isEqualTo(409);
  }

  @Test
  void text_over_64_kib_is_413_and_exactly_64_kib_is_accepted() {
    Api usa = as("usa");
    String ch = bilateral(usa, "rus");
    assertThat(usa.post(messages(ch), text("x".repeat(64 * 1024 + 1))).status()).isEqualTo(413);
    // Cyrillic letters are two bytes: 32 Ki letters are 64 KiB.
    assertThat(usa.post(messages(ch), text("ж".repeat(32 * 1024 + 1))).status()).isEqualTo(413);
    assertThat(usa.post(messages(ch), text("x".repeat(64 * 1024))).status()).isEqualTo(201);
  }

  /** docs/channels.md: the 413 names the field and its limit, not the 4 MiB body limit. */
  @Test
  void oversized_text_and_reply_are_413_naming_the_field_and_its_limit() {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    Api.Resp text = usa.post(messages(ch), text("x".repeat(64 * 1024 + 1)));
    assertThat(text.status()).isEqualTo(413);
    assertThat(text.at("/message")).contains("text").contains("65537 bytes").contains("65536 (64 KiB)")
        .doesNotContain("request body");
    String id = post(usa, ch, text("hello")).get("id").asText();
    Api.Resp reply = rus.post(messages(ch) + "/" + id + "/ack", Api.obj().put("reply", "y".repeat(64 * 1024 + 1)));
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.at("/message")).contains("reply").contains("65537 bytes").contains("65536 (64 KiB)")
        .doesNotContain("request body");
  }

  @Test
  void an_unknown_priority_is_400() {
    Api usa = as("usa");
    String ch = bilateral(usa, "rus");
    Api.Resp r = usa.post(messages(ch), text("hi").put("priority", "flash"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.at("/message")).contains("priority").contains("flash");
  }

  @Test
  void sequence_numbers_are_per_channel() {
    Api usa = as("usa");
    String a = bilateral(usa, "rus");
    String b = bilateral(usa, "tur");
    post(usa, a, text("1"));
    post(usa, a, text("2"));
    assertThat(post(usa, b, text("1")).get("seq").asLong()).isEqualTo(1);
    assertThat(post(usa, a, text("3")).get("seq").asLong()).isEqualTo(3);
  }

  // ------------------------------------------------------------------ membership and access

  @Test
  void a_non_member_gets_403_and_learns_nothing() {
    Api usa = as("usa");
    Api chn = as("chn");
    String ch = bilateral(usa, "rus");
    String id = post(usa, ch, text("private")).get("id").asText();
    String missing = "00000000-0000-4000-8000-000000000000";

    Api.Resp real = chn.get("/liaison/v1/channels/" + ch);
    Api.Resp none = chn.get("/liaison/v1/channels/" + missing);
    assertThat(real.status()).isEqualTo(403);
    assertThat(none.status()).isEqualTo(403);
    assertThat(real.at("/message").replace(ch, "ID")).isEqualTo(none.at("/message").replace(missing, "ID"));
    assertThat(chn.get(messages(ch)).status()).isEqualTo(403);
    assertThat(chn.get(messages(ch) + "/" + id).status()).isEqualTo(403);
    assertThat(chn.post(messages(ch), text("let me in")).status()).isEqualTo(403);
    assertThat(chn.post(messages(ch) + "/" + id + "/ack", null).status()).isEqualTo(403);
    assertThat(chn.post("/liaison/v1/channels/" + ch + "/members", Api.obj().put("party", "chn")).status())
        .isEqualTo(403);
    assertThat(chn.get("/liaison/v1/channels").json().get("channels")).isEmpty();
    assertThat(events(chn, 0)).noneMatch(e -> ch.equals(e.path("channel_id").asText()));
  }

  @Test
  void a_new_member_sees_history_only_from_when_they_joined() throws Exception {
    Api usa = as("usa");
    Api jor = as("jor");
    String ch = group(usa, "notify-group", "fra");
    String before = post(usa, ch, text("before")).get("id").asText();
    Api.Resp add = usa.post("/liaison/v1/channels/" + ch + "/members", Api.obj().put("party", "jor"));
    assertThat(add.status()).as(add.text()).isEqualTo(200);
    assertThat(add.json().get("receipt").isObject()).isTrue();
    post(usa, ch, text("after"));

    JsonNode page = jor.get(messages(ch)).json().get("messages");
    assertThat(page).hasSize(1);
    assertThat(page.get(0).get("text").asText()).isEqualTo("after");
    assertThat(jor.get(messages(ch) + "/" + before).status()).isEqualTo(404);
    assertThat(events(jor, 0, "message")).hasSize(1);
    assertThat(ledger("channel.member.add")).hasSize(1);
    // fra, a member from the start, sees both.
    assertThat(as("fra").get(messages(ch)).json().get("messages")).hasSize(2);
  }

  @Test
  void membership_changes_are_recorded_and_a_removed_member_loses_access() throws Exception {
    Api usa = as("usa");
    Api fra = as("fra");
    String ch = group(usa, "notify-group", "fra", "gbr");
    assertThat(fra.delete("/liaison/v1/channels/" + ch + "/members/gbr").status()).isEqualTo(403);
    Api.Resp removed = usa.delete("/liaison/v1/channels/" + ch + "/members/gbr");
    assertThat(removed.status()).as(removed.text()).isEqualTo(200);
    assertThat(removed.json().get("members")).extracting(m -> m.get("party").asText())
        .containsExactlyInAnyOrder("usa", "fra");
    assertThat(as("gbr").get(messages(ch)).status()).isEqualTo(403);
    assertThat(fra.delete("/liaison/v1/channels/" + ch + "/members/fra").status()).isEqualTo(200);
    assertThat(ledger("channel.member.remove")).hasSize(2);
    assertThat(events(usa, 0, "membership")).extracting(e -> e.get("action").asText() + " " + e.get("party").asText())
        .containsExactly("removed gbr", "removed fra");
  }

  @Test
  void a_bilateral_channel_has_exactly_two_fixed_members() {
    Api usa = as("usa");
    ObjectNode body = Api.obj().put("name", "three").put("kind", "bilateral");
    body.putArray("members").add("rus").add("tur");
    assertThat(usa.post("/liaison/v1/channels", body).status()).isEqualTo(400);
    String ch = bilateral(usa, "rus");
    assertThat(usa.post("/liaison/v1/channels/" + ch + "/members", Api.obj().put("party", "tur")).status())
        .isEqualTo(409);
  }

  @Test
  void suspension_and_resumption_are_recorded_acts() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    Api.Resp s = rus.post("/liaison/v1/channels/" + ch + "/suspend", Api.obj().put("reason", "memorandum suspended"));
    assertThat(s.status()).as(s.text()).isEqualTo(201);
    assertThat(s.at("/phrase/type")).isEqualTo("suspend-channel");
    assertThat(usa.get("/liaison/v1/channels/" + ch).json().get("suspended").get("by").asText()).isEqualTo("rus");
    Api.Resp refused = usa.post(messages(ch), text("hello?"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.at("/message")).contains("suspended");
    assertThat(usa.post("/liaison/v1/channels/" + ch + "/resume", null).status()).isEqualTo(201);
    assertThat(usa.get("/liaison/v1/channels/" + ch).json().get("suspended").isNull()).isTrue();
    post(usa, ch, text("hello again"));
    assertThat(ledger("channel.suspend")).hasSize(1);
    assertThat(ledger("channel.resume")).hasSize(1);
    assertThat(events(usa, 0, "channel")).extracting(e -> e.get("action").asText())
        .containsExactly("created", "suspended", "resumed");
  }

  // ------------------------------------------------------------------ phrasebook

  @Test
  void a_phrase_reads_in_the_recipients_language_and_the_sender_sees_every_rendering() {
    Api usa = as("usa");
    Api rus = as("rus");
    assertThat(rus.put("/liaison/v1/parties/rus", Api.obj().put("language", "ru").put("display_name", "Russia"))
        .status()).isEqualTo(200);
    String ch = bilateral(usa, "rus");
    ObjectNode body = Api.obj().put("client_message_id", "vacate-1");
    ObjectNode phrase = body.putObject("phrase").put("type", "vacate-area");
    ObjectNode area = phrase.putObject("params").putObject("area").putObject("outline_circle");
    area.putObject("center").put("lat", 34.5).put("lng", 38.25);
    area.putObject("radius").put("value", 5000).put("units", "M");
    ((ObjectNode) phrase.get("params")).put("by_time", "2015-10-01T06:00:00Z");
    JsonNode sent = post(usa, ch, body);
    assertThat(sent.get("priority").asText()).isEqualTo("urgent");
    assertThat(sent.at("/renderings/en").asText())
        .isEqualTo("Request: vacate the circle of radius 5000 m around 34°30.000′N 038°15.000′E by 2015-10-01 06:00Z.");
    assertThat(sent.at("/renderings/ru").asText())
        .isEqualTo("Просьба: покинуть круг радиусом 5000 м с центром 34°30.000′N 038°15.000′E до 2015-10-01 06:00Z.");
    assertThat(sent.at("/renderings/ar").asText())
        .isEqualTo("طلب: يرجى إخلاء الدائرة التي نصف قطرها ٥٠٠٠ م حول \u2066\u202d34°30.000′N 038°15.000′E\u202c\u2069"
            + " قبل \u2066\u202d٢٠١٥-١٠-٠١ ٠٦:٠٠Z\u202c\u2069.");
    assertThat(sent.at("/rendered/language").asText()).isEqualTo("en");
    assertThat(sent.at("/rendered/review/status").asText()).isEqualTo("original");
    assertThat(sent.at("/rendered/original").isNull()).isTrue();
    assertThat(sent.at("/reviews/ru/status").asText()).isEqualTo("unreviewed");
    assertThat(delivery(sent, "rus").get("language").asText()).isEqualTo("ru");
    assertThat(sent.at("/links/0/kind").asText()).isEqualTo("area");

    JsonNode seen = rus.get(messages(ch)).json().get("messages").get(0);
    assertThat(seen.at("/rendered/language").asText()).isEqualTo("ru");
    assertThat(seen.at("/rendered/text").asText()).isEqualTo(sent.at("/renderings/ru").asText());
    // A machine-made translation nobody has signed off always comes with the English original.
    assertThat(seen.at("/rendered/review/status").asText()).isEqualTo("unreviewed");
    assertThat(seen.at("/rendered/original/language").asText()).isEqualTo("en");
    assertThat(seen.at("/rendered/original/text").asText()).isEqualTo(sent.at("/renderings/en").asText());
  }

  @Test
  void a_party_reads_in_its_first_available_language_and_may_ask_for_any() {
    Api usa = as("usa");
    Api irn = as("irn");
    // Kurdish first (not in the phrasebook), then Persian, then English
    JsonNode entry = irn.put("/liaison/v1/parties/irn", Api.obj().set("languages",
        Api.obj().arrayNode().add("ku").add("fa").add("en"))).json();
    assertThat(entry.get("language").asText()).isEqualTo("fa");
    assertThat(entry.get("languages")).extracting(JsonNode::asText).containsExactly("ku", "fa", "en");
    String ch = bilateral(usa, "irn");
    ObjectNode body = Api.obj().put("client_message_id", "confirm-1");
    body.putObject("phrase").put("type", "confirm-notice").putObject("params")
        .put("notice", "2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11");
    JsonNode sent = post(usa, ch, body);
    assertThat(delivery(sent, "irn").get("language").asText()).isEqualTo("fa");

    JsonNode seen = irn.get(messages(ch)).json().get("messages").get(0);
    assertThat(seen.at("/rendered/language").asText()).isEqualTo("fa");
    assertThat(seen.at("/rendered/text").asText()).isEqualTo("لطفاً دریافت اعلان عملیات \u2066\u202d2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11\u202c\u2069 را تأیید کنید.");
    assertThat(seen.at("/rendered/original/text").asText())
        .isEqualTo("Please confirm receipt of operation notice 2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11.");

    JsonNode asked = irn.get(messages(ch) + "?lang=zh-Hans").json().get("messages").get(0);
    assertThat(asked.at("/rendered/language").asText()).isEqualTo("zh-Hans");
    assertThat(asked.at("/rendered/text").asText()).isEqualTo("请确认已收到运行通告2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11。");
    assertThat(asked.at("/rendered/original/language").asText()).isEqualTo("en");
    String mid = sent.get("id").asText();
    assertThat(irn.get(messages(ch) + "/" + mid + "?lang=en").json().at("/rendered/original").isNull()).isTrue();
    // asking does not change what the directory says the party reads
    assertThat(asked.at("/deliveries/0/language").asText()).isEqualTo("fa");

    Api.Resp bad = irn.get(messages(ch) + "?lang=xx");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("message").asText()).contains("lang \"xx\"");
  }

  @Test
  void bad_reading_languages_are_400_naming_the_field_and_keep_the_old_entry() {
    Api irn = as("irn");
    assertThat(irn.put("/liaison/v1/parties/irn", Api.obj().put("language", "fa")).status()).isEqualTo(200);
    Api.Resp none = irn.put("/liaison/v1/parties/irn", Api.obj().set("languages", Api.obj().arrayNode().add("ku")));
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.text()).contains("none of the phrasebook's languages");
    Api.Resp malformed = irn.put("/liaison/v1/parties/irn",
        Api.obj().set("languages", Api.obj().arrayNode().add("fa").add("not a tag")));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.text()).contains("languages[1]");
    Api.Resp twice = irn.put("/liaison/v1/parties/irn", Api.obj().set("languages", Api.obj().arrayNode().add("fa").add("fa")));
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.text()).contains("languages[1]").contains("twice");
    Api.Resp empty = irn.put("/liaison/v1/parties/irn", Api.obj().set("languages", Api.obj().arrayNode()));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(irn.get("/liaison/v1/parties/irn").json().get("language").asText()).isEqualTo("fa");
  }

  @Test
  void an_unknown_phrase_or_bad_parameter_is_400_naming_the_field() {
    Api usa = as("usa");
    String ch = bilateral(usa, "rus");
    ObjectNode body = Api.obj();
    body.putObject("phrase").put("type", "talk-or-fight");
    Api.Resp r = usa.post(messages(ch), body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.at("/message")).contains("phrase.type").contains("talk-or-fight");

    body.putObject("phrase").put("type", "confirm-notice").putObject("params").put("notice", "nope");
    r = usa.post(messages(ch), body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.at("/message")).contains("phrase.params.notice");
  }

  // ------------------------------------------------------------------ event stream

  @Test
  void sse_resumes_after_the_last_event_id_without_gaps() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String a = bilateral(usa, "rus");
    String b = group(usa, "notify-group", "rus", "fra");
    String url = usa.base + "/liaison/v1/events?after=0";
    List<SseReader.Received> got = new java.util.ArrayList<>();
    try (SseReader sse = new SseReader(url, rus.token(), null)) {
      assertThat(sse.status).isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        post(usa, a, text("first " + i));
      }
      readUntil(sse, got, 5);
    }
    long lastId = got.get(got.size() - 1).id();
    // While rus is away, several parties post at once on two channels.
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Api who = t % 2 == 0 ? usa : as("fra");
      String ch = t % 2 == 0 ? a : b;
      fs.add(pool.submit(() -> {
        for (int i = 0; i < 5; i++) {
          post(who, ch, text(who.party + " " + i));
        }
      }));
    }
    for (var f : fs) {
      f.get();
    }
    pool.shutdown();
    // The URL still says after=0: the Last-Event-ID header wins, as an EventSource reconnect sends it.
    try (SseReader sse = new SseReader(url, rus.token(), String.valueOf(lastId))) {
      readUntil(sse, got, 25);
      SseReader.Received e;
      while ((e = sse.next(Duration.ofMillis(700))) != null) {
        got.add(e);
      }
    }
    List<Long> ids = got.stream().map(SseReader.Received::id).toList();
    assertThat(ids).doesNotHaveDuplicates().isSorted();
    for (SseReader.Received e : got) {
      assertThat(e.data().get("id").asLong()).isEqualTo(e.id());
      assertThat(e.data().get("type").asText()).isEqualTo(e.type());
    }
    long max = ids.get(ids.size() - 1);
    List<Long> truth = events(rus, 0).stream().map(n -> n.get("id").asLong()).filter(id -> id <= max).toList();
    assertThat(ids).isEqualTo(truth);
    // Writing them to the stream delivered every message.
    for (JsonNode m : usa.get(messages(a)).json().get("messages")) {
      assertThat(delivery(m, "rus").get("state").asText()).isEqualTo("delivered");
    }
  }

  private static void readUntil(SseReader sse, List<SseReader.Received> got, int messages) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (got.stream().filter(e -> e.type().equals("message")).count() < messages) {
      assertThat(System.nanoTime()).as("events arrive within 30 s").isLessThan(deadline);
      SseReader.Received e = sse.next(Duration.ofSeconds(1));
      if (e != null) {
        got.add(e);
      }
    }
  }

  @Test
  void a_long_poll_waits_for_the_next_event_and_returns_a_json_array() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    long head = events(rus, 0).get(0).get("id").asLong();
    var later = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> rus.get("/liaison/v1/events?wait=20&after=" + head));
    Thread.sleep(200); // let the poll start waiting; the test is about wall-clock waiting
    post(usa, ch, text("wake up"));
    Api.Resp r = later.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().isArray()).isTrue();
    assertThat(r.json().get(0).get("type").asText()).isEqualTo("message");
    assertThat(r.json().get(0).at("/message/text").asText()).isEqualTo("wake up");
  }

  // ------------------------------------------------------------------ availability

  private ObjectNode notice(String party) {
    ObjectNode body = Api.obj().put("state", "Accepted").put("uss_base_url", "https://" + party + ".example");
    ObjectNode ext = body.putArray("extents").addObject();
    ObjectNode vol = ext.putObject("volume");
    ObjectNode circle = vol.putObject("outline_circle");
    circle.putObject("center").put("lat", 34.5).put("lng", 38.25);
    circle.putObject("radius").put("value", 3000).put("units", "M");
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 3000).put("reference", "W84").put("units", "M");
    ext.putObject("time_start").put("value", clock.instant().toString()).put("format", "RFC3339");
    ext.putObject("time_end").put("value", clock.instant().plusSeconds(7200).toString()).put("format", "RFC3339");
    return body;
  }

  private Api.Resp putNotice(Api who) {
    return who.put("/dss/v1/operational_intent_references/" + java.util.UUID.randomUUID(), notice(who.party));
  }

  @Test
  void a_silent_party_goes_down_its_accepted_notices_need_no_key_and_a_heartbeat_brings_it_back() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    Api.Resp beat = rus.post("/liaison/v1/parties/rus/heartbeat", Api.obj().put("interval_seconds", 30));
    assertThat(beat.status()).as(beat.text()).isEqualTo(200);
    assertThat(beat.at("/availability")).isEqualTo("Normal");
    assertThat(beat.json().get("receipt").isObject()).isTrue();
    assertThat(usa.get("/dss/v1/uss_availability/rus").at("/status/availability")).isEqualTo("Normal");
    assertThat(putNotice(rus).status()).isEqualTo(201);
    assertThat(putNotice(usa).status()).as("rus's notice demands a key").isEqualTo(409);

    clock.advance(Duration.ofSeconds(30));
    hub.channels().sweep();
    assertThat(usa.get("/liaison/v1/parties/rus").at("/availability")).isEqualTo("Normal");
    clock.advance(Duration.ofSeconds(1));
    hub.channels().sweep();
    assertThat(usa.get("/liaison/v1/parties/rus").at("/availability")).isEqualTo("Down");
    assertThat(usa.get("/dss/v1/uss_availability/rus").at("/status/availability")).isEqualTo("Down");
    List<JsonNode> seen = events(usa, 0, "availability");
    assertThat(seen).extracting(e -> e.get("availability").asText()).containsExactly("Normal", "Down");
    assertThat(seen.get(1).get("receipt").isObject()).isTrue();
    assertThat(putNotice(usa).status()).as("a Down party's Accepted notice needs no key").isEqualTo(201);

    clock.advance(Duration.ofSeconds(5));
    Api.Resp back = rus.post("/liaison/v1/parties/rus/heartbeat", null);
    assertThat(back.at("/availability")).isEqualTo("Normal");
    assertThat(back.json().get("receipt").isObject()).isTrue();
    Api.Resp again = putNotice(as("tur"));
    assertThat(again.status()).as("rus's notice demands a key again").isEqualTo(409);
    assertThat(events(usa, 0, "availability")).extracting(e -> e.get("availability").asText())
        .containsExactly("Normal", "Down", "Normal");
    assertThat(ledger("availability.set")).extracting(e -> e.get("availability").asText())
        .containsExactly("Normal", "Down", "Normal");
  }

  @Test
  void heartbeats_and_directory_entries_are_only_for_yourself() {
    Api usa = as("usa");
    assertThat(usa.post("/liaison/v1/parties/rus/heartbeat", null).status()).isEqualTo(403);
    assertThat(usa.put("/liaison/v1/parties/rus", Api.obj().put("language", "en")).status()).isEqualTo(403);
    assertThat(usa.put("/liaison/v1/parties/usa", Api.obj().put("language", "xx")).status()).isEqualTo(400);
  }

  // ------------------------------------------------------------------ durability

  @Test
  void a_restart_loses_no_message_and_no_state_transition() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = bilateral(usa, "rus");
    ObjectNode first = text("first").put("ack_within_seconds", 60);
    String m1 = post(usa, ch, first).get("id").asText();
    rus.get(messages(ch));
    String m2 = post(usa, ch, text("second")).get("id").asText();
    rus.post(messages(ch) + "/" + m2 + "/ack", Api.obj().put("reply", "ok"));
    clock.advance(Duration.ofSeconds(61));
    hub.channels().sweep();
    rus.post("/liaison/v1/parties/rus/heartbeat", null);

    List<JsonNode> rusEvents = events(rus, 0);
    List<JsonNode> usaEvents = events(usa, 0);
    JsonNode page = usa.get(messages(ch)).json();
    JsonNode parties = usa.get("/liaison/v1/parties").json();
    long ledgerSize = ledger("message.post").size() + ledger("message.ack").size();

    restart();
    usa = as("usa");
    rus = as("rus");
    assertThat(events(rus, 0)).isEqualTo(rusEvents);
    assertThat(events(usa, 0)).isEqualTo(usaEvents);
    assertThat(usa.get(messages(ch)).json()).isEqualTo(page);
    assertThat(usa.get("/liaison/v1/parties").json()).isEqualTo(parties);
    assertThat(ledger("message.post").size() + ledger("message.ack").size()).isEqualTo(ledgerSize);
    assertThat(delivery(message(usa, ch, m1), "rus").get("escalated").isNull()).isFalse();

    Api.Resp retry = usa.post(messages(ch), first);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.at("/id")).isEqualTo(m1);
    assertThat(post(usa, ch, text("third")).get("seq").asLong()).isEqualTo(3);
    long lastBefore = usaEvents.get(usaEvents.size() - 1).get("id").asLong();
    assertThat(events(usa, lastBefore)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.get("id").asLong()).isGreaterThan(lastBefore));
  }
}
