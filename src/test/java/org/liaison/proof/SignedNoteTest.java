package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
  // The example of golang.org/x/mod/sumdb/note: a published key, text and signed note.
  static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String GO_SKEY_MATERIAL = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String GO_NOTE = GO_TEXT + "\n"
      + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private static final LedgerKey HUB = LedgerKey.generate("hub.liaison.example/ledger");
  private static final Checkpoint CHECKPOINT =
      new Checkpoint("hub.liaison.example/ledger", 20852163, Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));

  static LedgerKey goKey() throws Exception {
    byte[] material = Base64.getDecoder().decode(GO_SKEY_MATERIAL);
    PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(
        new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOfRange(material, 1, 33)));
    return LedgerKey.of("PeterNeumann", privateKey, VerifierKey.parse(GO_VKEY).publicKey());
  }

  @Test
  void signing_reproduces_the_go_sumdb_note_example_byte_for_byte() throws Exception {
    LedgerKey key = goKey();
    assertThat(key.vkey()).isEqualTo(GO_VKEY);
    assertThat(SignedNote.sign(GO_TEXT, key)).isEqualTo(GO_NOTE);
    assertThat(SignedNote.open(GO_NOTE, VerifierKey.parse(GO_VKEY))).isEqualTo(GO_TEXT);
  }

  @Test
  void vkey_parses_back_and_checks_its_key_id() {
    VerifierKey key = VerifierKey.parse(GO_VKEY);
    assertThat(key.name()).isEqualTo("PeterNeumann");
    assertThat(Ed25519.hex(key.keyId())).isEqualTo("c74f20a3");
    assertThat(key.toString()).isEqualTo(GO_VKEY);
    assertThat(VerifierKey.parse(HUB.vkey())).isEqualTo(HUB.verifierKey());
    assertThatThrownBy(() -> VerifierKey.parse(GO_VKEY.replace("c74f20a3", "c74f20a4")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c74f20a4");
    assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a3+BRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 0x01");
    assertThatThrownBy(() -> VerifierKey.parse("no-plus-signs")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checkpoint_note_round_trips() throws Exception {
    String note = SignedNote.sign(CHECKPOINT.toBody(), HUB);
    assertThat(note).startsWith("hub.liaison.example/ledger\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 hub.liaison.example/ledger ");
    assertThat(SignedNote.verify(note, HUB.name(), HUB.publicKey())).isEqualTo(CHECKPOINT);
    assertThat(SignedNote.verify(note, VerifierKey.parse(HUB.vkey()))).isEqualTo(CHECKPOINT);
  }

  @Test
  void any_change_to_the_signed_text_is_a_bad_signature() throws Exception {
    String note = SignedNote.sign(CHECKPOINT.toBody(), HUB);
    String tampered = note.replace("20852163", "20852164");
    assertThatThrownBy(() -> SignedNote.verify(tampered, HUB.name(), HUB.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.BAD_SIGNATURE))
        .hasMessageContaining("does not verify");
    assertThatThrownBy(() -> SignedNote.open(GO_NOTE.replace("cryptography", "cryptographY"), VerifierKey.parse(GO_VKEY)))
        .isInstanceOf(VerificationException.class).hasMessageContaining("does not verify");
  }

  @Test
  void a_changed_signature_is_a_bad_signature() throws Exception {
    String note = SignedNote.sign(CHECKPOINT.toBody(), HUB);
    int sigStart = note.lastIndexOf(' ') + 1;
    byte[] blob = Base64.getDecoder().decode(note.substring(sigStart, note.length() - 1));
    blob[20] ^= 1;
    String tampered = note.substring(0, sigStart) + Base64.getEncoder().encodeToString(blob) + "\n";
    assertThatThrownBy(() -> SignedNote.verify(tampered, HUB.name(), HUB.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.BAD_SIGNATURE));
  }

  @Test
  void another_key_or_name_is_untrusted_and_unknown_signatures_are_ignored() throws Exception {
    String note = SignedNote.sign(CHECKPOINT.toBody(), HUB);
    LedgerKey impostor = LedgerKey.generate(HUB.name());
    assertThatThrownBy(() -> SignedNote.verify(note, impostor.name(), impostor.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.UNTRUSTED))
        .hasMessageContaining("no signature by hub.liaison.example/ledger");
    assertThatThrownBy(() -> SignedNote.verify(note, "other.example/log", HUB.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.UNTRUSTED));
    // A second, unknown signature line (say a witness's) does not disturb verification.
    String cosigned = note + SignedNote.sign(CHECKPOINT.toBody(), impostor).substring(CHECKPOINT.toBody().length() + 1);
    assertThat(cosigned.lines().filter(l -> l.startsWith("\u2014")).count()).isEqualTo(2);
    assertThat(SignedNote.verify(cosigned, HUB.verifierKey())).isEqualTo(CHECKPOINT);
  }

  @Test
  void malformed_notes_are_reported_as_malformed_with_the_reason() {
    String body = CHECKPOINT.toBody();
    String good = SignedNote.sign(body, HUB);
    assertMalformed(body, "no blank line");
    assertMalformed(good.substring(0, good.length() - 1), "end with a newline");
    assertMalformed(good.replace("\u2014 ", "- "), "em dash");
    assertMalformed(good.replace("\u2014 hub.liaison.example/ledger ", "\u2014 hub.liaison.example/ledger x "), "\u2014 <name> <signature>");
    assertMalformed(good.substring(0, good.lastIndexOf(' ') + 1) + "not*base64\n", "not base64");
    assertMalformed(body + "\n", "no signature lines");
    // Signed by the right key but not a checkpoint we accept: parsed only after the signature.
    assertMalformed(SignedNote.sign(body.replace("20852163", "020852163"), HUB), "leading zeros");
    assertMalformed(SignedNote.sign(body + "extension\n", HUB), "extension line");
    assertMalformed(good.replace("ledger\n", "led\tger\n"), "control character");
  }

  private static void assertMalformed(String note, String reason) {
    assertThatThrownBy(() -> SignedNote.verify(note, HUB.verifierKey()))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.MALFORMED))
        .hasMessageContaining(reason);
  }

  @Test
  void checkpoint_body_parses_back_and_rejects_bad_fields() {
    assertThat(Checkpoint.parse(CHECKPOINT.toBody())).isEqualTo(CHECKPOINT);
    Checkpoint empty = new Checkpoint("o", 0, Merkle.emptyRoot());
    assertThat(Checkpoint.parse(empty.toBody())).isEqualTo(empty);
    assertThatThrownBy(() -> Checkpoint.parse("o\n-1\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n"))
        .hasMessageContaining("\"-1\"");
    assertThatThrownBy(() -> Checkpoint.parse("o\n99999999999999999999\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n"))
        .hasMessageContaining("99999999999999999999");
    assertThatThrownBy(() -> Checkpoint.parse("o\n1\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n"))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Checkpoint.parse("o\n1\n")).hasMessageContaining("2 lines");
    assertThatThrownBy(() -> new Checkpoint("", 1, new byte[32])).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> new Checkpoint("a\nb", 1, new byte[32])).hasMessageContaining("U+000A");
  }

  @Test
  void key_names_with_spaces_or_plus_are_rejected() {
    assertThatThrownBy(() -> LedgerKey.generate("a b")).hasMessageContaining("\"a b\"");
    assertThatThrownBy(() -> LedgerKey.generate("a+b")).hasMessageContaining("\"a+b\"");
    assertThatThrownBy(() -> LedgerKey.generate("")).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> LedgerKey.generate("a\u00a0b")).hasMessageContaining("U+00A0");
  }
}
