package org.liaison.proof;

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
    assertThat(Ed25519.verify(HUB.publicKey(), LEAF, Base64.getDecoder().decode(r.signature())))
        .as("the signature is over the 32 raw leaf-hash bytes").isTrue();
  }

  @Test
  void a_receipt_for_another_entry_does_not_verify() {
    Receipt r = Receipt.sign(LEAF, 41L, T, HUB);
    byte[] other = LEAF.clone();
    other[0] ^= 1;
    Receipt swapped = new Receipt(Base64.getEncoder().encodeToString(other), r.index(), r.time(), r.keyName(), r.signature());
    assertThat(swapped.verify(HUB.publicKey())).isFalse();
  }

  @Test
  void json_uses_the_exact_snake_case_names_in_order() throws Exception {
    Receipt r = Receipt.sign(LEAF, 41L, T, HUB);
    String json = r.toJson();
    JsonNode tree = new ObjectMapper().readTree(json);
    List<String> names = tree.properties().stream().map(Map.Entry::getKey).toList();
    assertThat(names).containsExactly("leaf_hash", "index", "time", "key_name", "signature");
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
