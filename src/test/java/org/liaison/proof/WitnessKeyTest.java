package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WitnessKeyTest {
  /** A key whose vkey holds "++++": in 0x04 ‖ key, bytes 3 to 5 are 0xFB 0xEF 0xBE. */
  private static final byte[] PLUS_KEY = plusKey();

  private static byte[] plusKey() {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) 0x11);
    k[2] = (byte) 0xFB;
    k[3] = (byte) 0xEF;
    k[4] = (byte) 0xBE;
    return k;
  }

  @Test
  void a_vkey_whose_base64_key_holds_plus_signs_parses_back() {
    WitnessKey key = new WitnessKey("witness.example", PLUS_KEY);
    assertThat(key.vkey().substring(key.vkey().indexOf('+', key.vkey().indexOf('+') + 1))).contains("++++");
    assertThat(WitnessKey.parse(key.vkey())).isEqualTo(key);
  }

  @Test
  void the_signed_note_form_of_the_same_key_is_accepted() {
    LedgerKey k = LedgerKey.generate("witness.example");
    assertThat(WitnessKey.parse(k.vkey())).isEqualTo(WitnessKey.of(k));
    assertThat(WitnessKey.of(k).vkey()).isNotEqualTo(k.vkey()); // type 0x04, not 0x01
    assertThat(WitnessKey.of(k).keyId()).isEqualTo(Cosignature.keyId(k.name(), k.publicKey()));
  }

  @Test
  void a_wrong_key_id_type_or_length_is_refused_naming_the_vkey() {
    String good = new WitnessKey("w", PLUS_KEY).vkey();
    String badId = "w+00000000" + good.substring(good.indexOf('+', 2));
    assertThatThrownBy(() -> WitnessKey.parse(badId)).hasMessageContaining("has key ID 00000000 but");
    byte[] typed = new byte[33];
    typed[0] = 0x02;
    assertThatThrownBy(() -> WitnessKey.parse("w+00000000+" + Base64.getEncoder().encodeToString(typed)))
        .hasMessageContaining("is not an Ed25519 key");
    assertThatThrownBy(() -> WitnessKey.parse("no-separators")).hasMessageContaining("\"no-separators\" is not");
  }
}
