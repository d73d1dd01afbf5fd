package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.liaison.http.Json;

class EnvelopeTest {
  private static final Envelope.Binding BINDING = new Envelope.Binding("c0ffee00-0000-4000-8000-000000000001", "usa",
      "usa-2015-09-30-001", "safety-of-flight");

  private final Map<String, Envelope.KeyPair> keys = new LinkedHashMap<>();

  private List<Envelope.Recipient> parties(int n) {
    List<Envelope.Recipient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String p = i == 0 ? "usa" : "p" + i;
      Envelope.KeyPair k = keys.computeIfAbsent(p, x -> Envelope.generate());
      out.add(new Envelope.Recipient(p, k.publicKey()));
    }
    return out;
  }

  private static ObjectNode body() {
    ObjectNode b = Json.MAPPER.createObjectNode();
    b.put("text", "Strikes planned near Homs at 0600Z — подтвердите");
    ObjectNode phrase = b.putObject("phrase");
    phrase.put("type", "remain-below-level");
    phrase.putObject("params").put("level", 120);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 11})
  void every_recipient_opens_the_same_body(int n) throws Exception {
    ObjectNode sealed = Envelope.seal(BINDING, body(), parties(n));
    assertThat(sealed.get("keys")).hasSize(n);
    assertThat(sealed.toString()).doesNotContain("Homs").doesNotContain("remain-below-level");
    for (var e : keys.entrySet()) {
      assertThat(Envelope.open(BINDING, sealed, e.getKey(), e.getValue())).isEqualTo(body());
    }
  }

  @Test
  void two_seals_of_the_same_body_differ() {
    List<Envelope.Recipient> rs = parties(2);
    assertThat(Envelope.seal(BINDING, body(), rs).get("ciphertext"))
        .isNotEqualTo(Envelope.seal(BINDING, body(), rs).get("ciphertext"));
  }

  @Test
  void a_party_the_key_is_not_wrapped_for_gets_a_clear_error() {
    ObjectNode sealed = Envelope.seal(BINDING, body(), parties(2));
    assertThatThrownBy(() -> Envelope.open(BINDING, sealed, "rus", Envelope.generate()))
        .isInstanceOf(Envelope.Undecryptable.class)
        .hasMessage("the content key is not wrapped for rus (wrapped for [p1, usa])");
  }

  @Test
  void a_rotated_key_is_named() {
    ObjectNode sealed = Envelope.seal(BINDING, body(), parties(2));
    Envelope.KeyPair fresh = Envelope.generate();
    assertThatThrownBy(() -> Envelope.open(BINDING, sealed, "p1", fresh))
        .isInstanceOf(Envelope.Undecryptable.class)
        .hasMessageContaining("wrapped for key " + keys.get("p1").id())
        .hasMessageContaining("p1 holds key " + fresh.id());
  }

  @Test
  void ciphertext_moved_to_another_message_does_not_open() {
    ObjectNode sealed = Envelope.seal(BINDING, body(), parties(3));
    for (Envelope.Binding other : List.of(
        new Envelope.Binding("c0ffee00-0000-4000-8000-000000000002", "usa", "usa-2015-09-30-001", "safety-of-flight"),
        new Envelope.Binding(BINDING.channelId(), "p2", "usa-2015-09-30-001", "safety-of-flight"),
        new Envelope.Binding(BINDING.channelId(), "usa", "usa-2015-09-30-002", "safety-of-flight"),
        new Envelope.Binding(BINDING.channelId(), "usa", "usa-2015-09-30-001", "routine"))) {
      assertThatThrownBy(() -> Envelope.open(other, sealed, "p1", keys.get("p1")))
          .isInstanceOf(Envelope.Undecryptable.class)
          .hasMessageContaining("does not open");
    }
  }

  @Test
  void a_flipped_bit_in_the_body_is_detected() {
    ObjectNode sealed = Envelope.seal(BINDING, body(), parties(2));
    byte[] ct = Base64.getDecoder().decode(sealed.get("ciphertext").asText());
    for (int i : new int[] {0, ct.length / 2, ct.length - 1}) {
      ObjectNode t = sealed.deepCopy();
      byte[] c = ct.clone();
      c[i] ^= 1;
      t.put("ciphertext", Base64.getEncoder().encodeToString(c));
      assertThatThrownBy(() -> Envelope.open(BINDING, t, "p1", keys.get("p1")))
          .isInstanceOf(Envelope.Undecryptable.class)
          .hasMessage("the body does not open: the ciphertext, its nonce, or the message it is bound to was altered");
    }
    ObjectNode n = sealed.deepCopy();
    byte[] nonce = Base64.getDecoder().decode(sealed.get("nonce").asText());
    nonce[0] ^= 1;
    n.put("nonce", Base64.getEncoder().encodeToString(nonce));
    assertThatThrownBy(() -> Envelope.open(BINDING, n, "usa", keys.get("usa"))).isInstanceOf(Envelope.Undecryptable.class);
  }

  @Test
  void a_dropped_recipient_or_a_swapped_wrap_is_detected() {
    ObjectNode sealed = Envelope.seal(BINDING, body(), parties(3));
    ObjectNode dropped = sealed.deepCopy();
    ArrayNode ks = (ArrayNode) dropped.get("keys");
    for (int i = 0; i < ks.size(); i++) {
      if (ks.get(i).get("party").asText().equals("p2")) {
        ks.remove(i);
      }
    }
    // The binding names every party the key was wrapped for, so p1 sees the list was cut.
    assertThatThrownBy(() -> Envelope.open(BINDING, dropped, "p1", keys.get("p1")))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessageContaining("does not open");
    ObjectNode swapped = sealed.deepCopy();
    JsonNode p1 = find(swapped, "p1");
    JsonNode p2 = find(swapped, "p2");
    String wrap = p1.get("wrapped_key").asText();
    ((ObjectNode) p1).put("wrapped_key", p2.get("wrapped_key").asText());
    ((ObjectNode) p2).put("wrapped_key", wrap);
    assertThatThrownBy(() -> Envelope.open(BINDING, swapped, "p1", keys.get("p1")))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessageContaining("content key for p1 does not open");
  }

  @Test
  void an_unknown_version_or_garbage_is_refused_not_thrown() {
    ObjectNode sealed = Envelope.seal(BINDING, body(), parties(1));
    ObjectNode v2 = sealed.deepCopy().put("version", "liaison-e2e/2");
    assertThatThrownBy(() -> Envelope.open(BINDING, v2, "usa", keys.get("usa")))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessageContaining("is not liaison-e2e/1");
    ObjectNode garbage = sealed.deepCopy().put("ciphertext", "not base64!");
    assertThatThrownBy(() -> Envelope.open(BINDING, garbage, "usa", keys.get("usa")))
        .isInstanceOf(Envelope.Undecryptable.class).hasMessage("ciphertext is not base64");
    assertThatThrownBy(() -> Envelope.open(BINDING, null, "usa", keys.get("usa")))
        .isInstanceOf(Envelope.Undecryptable.class);
  }

  private static JsonNode find(ObjectNode sealed, String party) {
    for (JsonNode k : sealed.get("keys")) {
      if (k.get("party").asText().equals(party)) {
        return k;
      }
    }
    throw new AssertionError(party);
  }
}
