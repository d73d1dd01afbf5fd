package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.liaison.http.Json;

/**
 * End-to-end encrypted channels at the hub, on every store: the hub stores and relays sealed
 * bodies and their metadata, checks their shape and recipients, and never holds the text.
 */
abstract class EncryptedChannelsContract extends ChannelsFixture {
  private static final String SECRET = "Convoy route via Palmyra, grid 37SBU";
  private final Map<String, Envelope.KeyPair> keys = new HashMap<>();

  private Envelope.KeyPair key(String party) {
    return keys.computeIfAbsent(party, p -> Envelope.generate());
  }

  String channel(Api a, String encryption, String... others) {
    ObjectNode body = Api.obj().put("name", "sealed").put("kind", others.length == 1 ? "bilateral" : "group")
        .put("encryption", encryption);
    ArrayNode ms = body.putArray("members");
    for (String o : others) {
      ms.add(o);
    }
    Api.Resp r = a.post("/liaison/v1/channels", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.at("/encryption")).isEqualTo(encryption);
    return r.at("/id");
  }

  static ObjectNode content(String text) {
    ObjectNode c = Json.MAPPER.createObjectNode().put("text", text);
    ObjectNode phrase = c.putObject("phrase");
    phrase.put("type", "remain-below-level");
    ObjectNode params = phrase.putObject("params");
    params.put("level", 120);
    params.putObject("area").putObject("outline_circle").<ObjectNode>set("center",
        Json.MAPPER.createObjectNode().put("lat", 34.0).put("lng", 38.0))
        .putObject("radius").put("value", 5000).put("units", "M");
    params.put("until", "2015-10-01T06:00:00Z");
    return c;
  }

  /** A post body sealed by {@code sender} for {@code parties} (the sender included). */
  ObjectNode sealedPost(String channel, String sender, String clientId, String priority, JsonNode content,
      String... parties) {
    List<Envelope.Recipient> rs = new ArrayList<>();
    for (String p : parties) {
      rs.add(new Envelope.Recipient(p, key(p).publicKey()));
    }
    ObjectNode body = Api.obj().put("client_message_id", clientId).put("priority", priority);
    body.set("sealed", Envelope.seal(new Envelope.Binding(channel, sender, clientId, priority), content, rs));
    return body;
  }

  static Envelope.Binding binding(JsonNode m) {
    return new Envelope.Binding(m.get("channel_id").asText(), m.get("sender").asText(),
        m.get("client_message_id").asText(), m.get("priority").asText());
  }

  @Test
  void the_hub_relays_ciphertext_and_metadata_and_the_recipient_opens_it() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = channel(usa, "e2e", "rus");
    ObjectNode body = sealedPost(ch, "usa", "usa-001", "urgent", content(SECRET), "usa", "rus");
    body.put("ack_within_seconds", 600);
    JsonNode posted = post(usa, ch, body);
    assertThat(posted.get("encrypted").asBoolean()).isTrue();
    assertThat(posted.get("text").isNull()).isTrue();
    assertThat(posted.get("rendered").isNull()).isTrue();
    assertThat(posted.get("ciphertext_bytes").asInt()).isGreaterThan(SECRET.length());
    assertThat(delivery(posted, "rus").get("state").asText()).isEqualTo("sent");

    JsonNode got = rus.get(messages(ch)).json().get("messages").get(0);
    assertThat(got.get("priority").asText()).isEqualTo("urgent");
    assertThat(got.get("ack_deadline").isNull()).isFalse();
    assertThat(got.toString()).doesNotContain("Palmyra").doesNotContain("remain-below-level");
    assertThat(Envelope.open(binding(got), got.get("sealed"), "rus", key("rus"))).isEqualTo(content(SECRET));
    // The sender wrapped the key for itself too, so its own console can show what it sent.
    assertThat(Envelope.open(binding(posted), posted.get("sealed"), "usa", key("usa"))).isEqualTo(content(SECRET));

    JsonNode entry = ledger("message.post").get(0);
    assertThat(entry.get("text_sha256").isNull()).isTrue();
    assertThat(entry.get("phrase_type").isNull()).isTrue();
    assertThat(entry.get("sealed_sha256").asText()).isEqualTo(org.liaison.keys.Statement.contentSha256(got.get("sealed")));
    assertThat(ledger("channel.create").get(0).get("encryption").asText()).isEqualTo("e2e");
    // Nowhere in the hub's database is the text.
    assertThat(databaseText()).doesNotContain("Palmyra").contains("usa-001");
  }

  @Test
  void a_retry_of_a_sealed_post_is_recognised_and_reuse_of_its_id_refused() {
    Api usa = as("usa");
    String ch = channel(usa, "e2e", "rus");
    ObjectNode body = sealedPost(ch, "usa", "usa-002", "routine", content(SECRET), "usa", "rus");
    post(usa, ch, body);
    Api.Resp again = usa.post(messages(ch), body);
    assertThat(again.status()).as(again.text()).isEqualTo(200);
    assertThat(again.json().get("replayed").asBoolean()).isTrue();
    Api.Resp other = usa.post(messages(ch), sealedPost(ch, "usa", "usa-002", "routine", content("other"), "usa", "rus"));
    assertThat(other.status()).as(other.text()).isEqualTo(409);
  }

  @Test
  void an_encrypted_channel_refuses_plain_text_and_a_sealed_body_that_misses_or_adds_a_party() throws Exception {
    Api usa = as("usa");
    String ch = channel(usa, "e2e", "rus", "jor");
    Api.Resp plain = usa.post(messages(ch), text(SECRET));
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.at("/message")).startsWith("text: channel " + ch + " is end-to-end encrypted");
    assertThat(ledger("message.post")).isEmpty();

    Api.Resp missing = usa.post(messages(ch), sealedPost(ch, "usa", "m1", "routine", content(SECRET), "usa", "rus"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.at("/message")).contains("exactly [jor, rus, usa]; missing [jor], not a recipient []");
    Api.Resp extra = usa.post(messages(ch),
        sealedPost(ch, "usa", "m2", "routine", content(SECRET), "usa", "rus", "jor", "chn"));
    assertThat(extra.at("/message")).contains("missing [], not a recipient [chn]");
    ObjectNode to = sealedPost(ch, "usa", "m3", "routine", content(SECRET), "usa", "rus");
    to.putArray("to").add("rus");
    assertThat(usa.post(messages(ch), to).status()).isEqualTo(201);

    // Suspending is an act the hub carries out: its phrase stays plain, even here.
    Api.Resp suspend = usa.post("/liaison/v1/channels/" + ch + "/suspend", Api.obj().put("reason", "drill"));
    assertThat(suspend.status()).as(suspend.text()).isEqualTo(201);
    assertThat(usa.post("/liaison/v1/channels/" + ch + "/resume", null).status()).isEqualTo(201);

    ObjectNode both = sealedPost(ch, "usa", "m4", "routine", content(SECRET), "usa", "rus", "jor");
    both.put("text", "in the clear");
    Api.Resp beside = usa.post(messages(ch), both);
    assertThat(beside.status()).isEqualTo(400);
    assertThat(beside.at("/message")).isEqualTo(
        "sealed is given beside text; an encrypted message carries its text and phrase inside sealed");
  }

  @Test
  void bad_sealed_bodies_get_a_4xx_naming_the_field() throws Exception {
    Api usa = as("usa");
    String ch = channel(usa, "e2e", "rus");
    Map<String, String> expect = new java.util.LinkedHashMap<>();
    ObjectNode good = sealedPost(ch, "usa", "b1", "routine", content(SECRET), "usa", "rus");

    ObjectNode nonce = good.deepCopy();
    ((ObjectNode) nonce.get("sealed")).put("nonce", Base64.getEncoder().encodeToString(new byte[8]));
    ObjectNode version = good.deepCopy();
    ((ObjectNode) version.get("sealed")).put("version", "liaison-e2e/9");
    ObjectNode enc = good.deepCopy();
    ((ObjectNode) enc.get("sealed").get("keys").get(1)).put("enc", "%%%");
    ObjectNode unknown = good.deepCopy();
    ((ObjectNode) unknown.get("sealed")).put("plaintext", SECRET);
    ObjectNode noKeys = good.deepCopy();
    ((ObjectNode) noKeys.get("sealed")).putArray("keys");
    expect.put("sealed.nonce must be 12 bytes, got 8", nonce.toString());
    expect.put("sealed.version \"liaison-e2e/9\" is not liaison-e2e/1", version.toString());
    expect.put("sealed.keys[1].enc \"%%%\" is not base64", enc.toString());
    expect.put("plaintext", unknown.toString());
    expect.put("sealed.keys must be a non-empty array", noKeys.toString());
    for (var e : expect.entrySet()) {
      Api.Resp r = usa.post(messages(ch), Json.MAPPER.readTree(e.getValue()));
      assertThat(r.status()).as(e.getKey()).isEqualTo(400);
      assertThat(r.at("/message")).as(r.text()).contains(e.getKey());
    }
    ObjectNode big = good.deepCopy();
    ((ObjectNode) big.get("sealed")).put("ciphertext",
        Base64.getEncoder().encodeToString(new byte[Envelope.MAX_CIPHERTEXT_BYTES + 1]));
    Api.Resp tooBig = usa.post(messages(ch), big);
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.at("/message")).startsWith("sealed.ciphertext is");
    assertThat(ledger("message.post")).isEmpty();
  }

  @Test
  void a_member_added_later_cannot_read_earlier_messages_unless_reshared() {
    Api usa = as("usa");
    Api jor = as("jor");
    String ch = channel(usa, "e2e", "rus", "tur");
    post(usa, ch, sealedPost(ch, "usa", "before", "routine", content(SECRET), "usa", "rus", "tur"));
    assertThat(usa.post("/liaison/v1/channels/" + ch + "/members", Api.obj().put("party", "jor")).status())
        .isEqualTo(200);
    // The history cut-off hides the earlier message; its body was never wrapped for jor anyway.
    assertThat(jor.get(messages(ch)).json().get("messages")).isEmpty();
    JsonNode earlier = as("rus").get(messages(ch)).json().get("messages").get(0);
    assertThatThrownBy(() -> Envelope.open(binding(earlier), earlier.get("sealed"), "jor", key("jor")))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessageContaining("not wrapped for jor");
    // Re-shared: the sender seals it again, for the members of now.
    post(usa, ch, sealedPost(ch, "usa", "reshare-before", "routine", content(SECRET), "usa", "rus", "tur", "jor"));
    JsonNode reshared = jor.get(messages(ch)).json().get("messages").get(0);
    assertThat(uncheckedOpen(reshared, "jor")).isEqualTo(content(SECRET));
  }

  @Test
  void a_hub_that_alters_a_stored_body_is_detected_by_the_recipient() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = channel(usa, "e2e", "rus");
    String id = post(usa, ch, sealedPost(ch, "usa", "h1", "safety-of-flight", content(SECRET), "usa", "rus"))
        .get("id").asText();
    // The hostile hub flips one bit of the stored ciphertext.
    JsonNode stored = message(rus, ch, id).get("sealed");
    byte[] ct = Base64.getDecoder().decode(stored.get("ciphertext").asText());
    ct[3] ^= 0x20;
    ObjectNode altered = stored.deepCopy();
    altered.put("ciphertext", Base64.getEncoder().encodeToString(ct));
    setColumn(id, "sealed", altered.toString());
    JsonNode m = message(rus, ch, id);
    assertThatThrownBy(() -> Envelope.open(binding(m), m.get("sealed"), "rus", key("rus")))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessageStartingWith("the body does not open");
    // Or lowers its priority, which the body is bound to.
    setColumn(id, "sealed", stored.toString());
    setColumn(id, "priority", "routine");
    JsonNode lowered = message(rus, ch, id);
    assertThat(lowered.get("priority").asText()).isEqualTo("routine");
    assertThatThrownBy(() -> Envelope.open(binding(lowered), lowered.get("sealed"), "rus", key("rus")))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessageContaining("does not open");
  }

  @Test
  void unencrypted_channels_stay_as_they_were_and_say_so() throws Exception {
    Api usa = as("usa");
    String ch = bilateral(usa, "rus");
    JsonNode listed = usa.get("/liaison/v1/channels/" + ch).json();
    assertThat(listed.get("encryption").asText()).isEqualTo("none");
    JsonNode posted = post(usa, ch, text(SECRET));
    assertThat(posted.get("encrypted").asBoolean()).isFalse();
    assertThat(posted.get("rendered").get("text").asText()).isEqualTo(SECRET);
    // A sealed body is welcome on an unencrypted channel too.
    post(usa, ch, sealedPost(ch, "usa", "s1", "routine", content(SECRET), "usa", "rus"));
    Api.Resp bad = usa.post("/liaison/v1/channels", Api.obj().put("name", "x").put("kind", "group").put("encryption", "rot13"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.at("/message")).isEqualTo("encryption \"rot13\" is not one of e2e, none");
    assertThat(ledger("channel.create").get(0).get("encryption").asText()).isEqualTo("none");
  }

  @Test
  void an_undecryptable_message_is_reported_recorded_and_shown_to_the_sender() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = channel(usa, "e2e", "rus", "tur");
    String id = post(usa, ch, sealedPost(ch, "usa", "u1", "urgent", content(SECRET), "usa", "rus", "tur"))
        .get("id").asText();
    String path = messages(ch) + "/" + id + "/undecryptable";
    Api.Resp r = rus.post(path, Api.obj().put("reason", "the body does not open"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("receipt").get("signature").asText()).isNotEmpty();
    JsonNode entry = ledger("message.undecryptable").get(0);
    assertThat(entry.get("party").asText()).isEqualTo("rus");
    assertThat(entry.get("recipient").asText()).isEqualTo("rus");
    assertThat(entry.get("reason").asText()).isEqualTo("the body does not open");
    assertThat(events(usa, 0, "undecryptable")).singleElement()
        .satisfies(e -> assertThat(e.get("recipient").asText()).isEqualTo("rus"));
    assertThat(events(as("tur"), 0, "undecryptable")).isEmpty();
    // Bad reports: no reason, a message that is not sealed, a party that is not a member.
    assertThat(rus.post(path, Api.obj()).at("/message")).isEqualTo("reason is missing");
    String plainChannel = bilateral(usa, "rus");
    String plain = post(usa, plainChannel, text("hello")).get("id").asText();
    Api.Resp notSealed = rus.post(messages(plainChannel) + "/" + plain + "/undecryptable", Api.obj().put("reason", "x"));
    assertThat(notSealed.status()).isEqualTo(409);
    assertThat(as("chn").post(path, Api.obj().put("reason", "x")).status()).isEqualTo(403);
    assertThat(ledger("message.undecryptable")).hasSize(1);
  }

  @Test
  void the_receiving_side_renders_the_phrase_of_an_opened_body() throws Exception {
    Api usa = as("usa");
    Api rus = as("rus");
    String ch = channel(usa, "e2e", "rus");
    post(usa, ch, sealedPost(ch, "usa", "r1", "urgent", content(SECRET), "usa", "rus"));
    JsonNode got = rus.get(messages(ch)).json().get("messages").get(0);
    JsonNode body = Envelope.open(binding(got), got.get("sealed"), "rus", key("rus"));
    ObjectNode shown = new Bodies(Phrasebook.load()).show(got.deepCopy(), body, "ru");
    assertThat(shown.get("decrypted").asBoolean()).isTrue();
    assertThat(shown.get("rendered").get("language").asText()).isEqualTo("ru");
    assertThat(shown.get("renderings").get("en").asText())
        .startsWith("Request: remain at or below FL120").endsWith(SECRET);
    assertThat(shown.get("links")).isNotEmpty();
    ObjectNode bad = content(SECRET);
    ((ObjectNode) bad.get("phrase").get("params")).put("level", 661);
    assertThatThrownBy(() -> new Bodies(Phrasebook.load()).show(got.deepCopy(), bad, "en"))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessageContaining("phrase.params.level must be a flight level");
  }

  private JsonNode uncheckedOpen(JsonNode m, String party) {
    try {
      return Envelope.open(binding(m), m.get("sealed"), party, key(party));
    } catch (Envelope.Undecryptable e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private void setColumn(String messageId, String column, String value) {
    hub.channels().core().db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE channel_messages SET " + column + " = ? WHERE id = ?")) {
        ps.setString(1, value);
        ps.setString(2, messageId);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      return null;
    });
  }

  /** Every text column of the tables channels and the ledger write, as one string. */
  private String databaseText() {
    StringBuilder out = new StringBuilder();
    hub.channels().core().db.inTransaction(c -> {
      for (String t : List.of("channel_messages", "channel_deliveries", "channel_events", "ledger_entries")) {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + t); ResultSet rs = ps.executeQuery()) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              Object o = rs.getObject(i);
              out.append(o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o).append('|');
            }
          }
        }
      }
      return null;
    });
    return out.toString();
  }

  static String id() {
    return UUID.randomUUID().toString();
  }
}
