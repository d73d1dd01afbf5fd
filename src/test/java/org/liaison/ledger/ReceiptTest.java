package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static final LedgerKey HUB = LedgerKey.generate("hub.liaison.example/ledger");
  private static final byte[] LEAF = Merkle.leafHash(Canonical.canonicalize(Map.of("party", "blue", "op", "notice")));
  private static final Instant T = Instant.parse("2025-06-01T12:30:00Z");

  @Test
  void receipt_verifies_with_the_hub_key_only() {
    Receipt r = Receipt.sign(LEAF, 41L, T, HUB);
    assertThat(r.verify(HUB.publicKey())).isTrue();
    assertThat(r.verify(LedgerKey.generate(HUB.name()).publicKey())).isFalse();
    assertThat(r.leafHashBytes()).isEqualTo(LEAF);
    assertThat(r.form()).isEqualTo(Receipt.FORM_V2);
    String covered = "liaison/receipt/v2\u0000{\"form\":\"liaison-receipt/v2\",\"key_id\":\""
        + Ed25519.hex(Ed25519.keyId(HUB.name(), Ed25519.TYPE_NOTE, HUB.publicKey())) + "\",\"leaf_hash\":\""
        + r.leafHash() + "\",\"origin\":\"" + HUB.name() + "\",\"time\":\"2025-06-01T12:30:00Z\"}";
    assertThat(Ed25519.verify(HUB.publicKey(), covered.getBytes(StandardCharsets.UTF_8),
        Base64.getDecoder().decode(r.signature()))).as("the signature is over the documented signed form").isTrue();
    assertThat(Ed25519.verify(HUB.publicKey(), LEAF, Base64.getDecoder().decode(r.signature())))
        .as("and not over the bare leaf hash").isFalse();
  }

  @Test
  void a_receipt_of_the_old_form_still_verifies_and_the_forms_do_not_mix() {
    String old = Base64.getEncoder().encodeToString(HUB.sign(LEAF));
    String leaf = Base64.getEncoder().encodeToString(LEAF);
    Receipt legacy = Receipt.fromJson("{\"leaf_hash\":\"" + leaf + "\",\"index\":3,\"time\":\"2025-06-01T12:30:00Z\","
        + "\"key_name\":\"" + HUB.name() + "\",\"signature\":\"" + old + "\"}");
    assertThat(legacy.form()).isNull();
    assertThat(legacy.verify(HUB.publicKey())).isTrue();
    assertThat(legacy.toJson()).doesNotContain("form");
    // An old signature relabelled as the new form, or a new one stripped of its form, verifies as neither.
    assertThat(new Receipt(leaf, 3L, legacy.time(), HUB.name(), Receipt.FORM_V2, old).verify(HUB.publicKey())).isFalse();
    Receipt v2 = Receipt.sign(LEAF, 3L, T, HUB);
    assertThat(new Receipt(leaf, 3L, v2.time(), HUB.name(), null, v2.signature()).verify(HUB.publicKey())).isFalse();
    // The time and the origin are covered: changing either breaks the signature.
    assertThat(new Receipt(leaf, 3L, "2025-06-01T12:31:00Z", HUB.name(), Receipt.FORM_V2, v2.signature())
        .verify(HUB.publicKey())).isFalse();
    assertThat(new Receipt(leaf, 3L, v2.time(), "other.example/log", Receipt.FORM_V2, v2.signature())
        .verify(HUB.publicKey())).isFalse();
  }

  @Test
  void a_receipt_for_another_entry_does_not_verify() {
    Receipt r = Receipt.sign(LEAF, 41L, T, HUB);
    byte[] other = LEAF.clone();
    other[0] ^= 1;
    Receipt swapped = new Receipt(Base64.getEncoder().encodeToString(other), r.index(), r.time(), r.keyName(), r.form(),
        r.signature());
    assertThat(swapped.verify(HUB.publicKey())).isFalse();
  }

  @Test
  void json_uses_the_exact_snake_case_names_in_order() throws Exception {
    Receipt r = Receipt.sign(LEAF, 41L, T, HUB);
    String json = r.toJson();
    JsonNode tree = new ObjectMapper().readTree(json);
    List<String> names = tree.properties().stream().map(Map.Entry::getKey).toList();
    assertThat(names).containsExactly("leaf_hash", "index", "time", "key_name", "form", "signature");
    assertThat(tree.get("leaf_hash").textValue()).isEqualTo(Base64.getEncoder().encodeToString(LEAF));
    assertThat(tree.get("index").longValue()).isEqualTo(41L);
    assertThat(tree.get("time").textValue()).isEqualTo("2025-06-01T12:30:00Z");
    assertThat(tree.get("key_name").textValue()).isEqualTo(HUB.name());
    assertThat(Receipt.fromJson(json)).isEqualTo(r);
  }

  @Test
  void an_unsequenced_receipt_has_a_null_index_that_survives_the_round_trip() {
    Receipt r = Receipt.sign(LEAF, null, T, HUB);
    assertThat(r.toJson()).contains("\"index\":null");
    Receipt back = Receipt.fromHeaderValue(r.toHeaderValue());
    assertThat(back.index()).isNull();
    assertThat(back.verify(HUB.publicKey())).isTrue();
    assertThat(r.withIndex(7).verify(HUB.publicKey())).isTrue();
  }

  @Test
  void header_value_is_unpadded_base64url_of_the_json() {
    Receipt r = Receipt.sign(LEAF, 123_456L, T, HUB);
    String header = r.toHeaderValue();
    assertThat(header).matches("[A-Za-z0-9_-]+");
    assertThat(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8)).isEqualTo(r.toJson());
    assertThat(Receipt.fromHeaderValue(header)).isEqualTo(r);
  }

  @Test
  void malformed_receipts_are_rejected_naming_the_field() {
    Receipt r = Receipt.sign(LEAF, 1L, T, HUB);
    String json = r.toJson();
    assertThatThrownBy(() -> Receipt.fromJson(json.replace("\"time\":\"2025-06-01T12:30:00Z\"", "\"time\":\"yesterday\"")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yesterday");
    assertThatThrownBy(() -> Receipt.fromJson(json.replace("\"index\":1", "\"index\":-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> Receipt.fromJson(json.replace(r.leafHash(), "AAAA")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaf_hash");
    assertThatThrownBy(() -> Receipt.fromJson(json.replace("\"key_name\"", "\"keyName\"")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key_name is missing");
    assertThatThrownBy(() -> Receipt.fromJson(json.replace("{", "{\"extra\":1,")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extra");
    assertThatThrownBy(() -> Receipt.fromJson("{\"leaf_hash\":\"" + r.leafHash() + "\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> Receipt.fromHeaderValue("***")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base64url");
  }
}
