package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CosignatureTest {
  // A checkpoint of a public staging CT log as published with its witnesses' cosignatures.
  private static final String PUBLISHED_NOTE = "arche2025h1.staging.ct.transparency.dev\n"
      + "1432088532\n"
      + "U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=\n"
      + "\n"
      + "\u2014 arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=\n"
      + "\u2014 arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=\n"
      + "\u2014 remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==\n";
  private static final String REMORA_NAME = "remora.n621.de";
  private static final String REMORA_KEY_ID = "da77ade7";
  private static final byte[] REMORA_KEY = Arrays.copyOfRange(
      Base64.getDecoder().decode("BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"), 1, 33);

  private static final LedgerKey HUB = LedgerKey.generate("hub.liaison.example/ledger");
  private static final LedgerKey WITNESS = LedgerKey.generate("node.blue.example/witness");
  private static final Checkpoint CHECKPOINT = new Checkpoint(HUB.name(), 7, Merkle.leafHash(new byte[] {7}));

  @Test
  void a_published_witness_cosignature_verifies() throws Exception {
    assertThat(Ed25519.hex(Cosignature.keyId(REMORA_NAME, REMORA_KEY))).isEqualTo(REMORA_KEY_ID);
    Cosignature c = Cosignature.verify(PUBLISHED_NOTE, REMORA_NAME, REMORA_KEY);
    assertThat(c.timestamp()).isEqualTo(0x6a122120L);
    assertThat(c.signatureLine()).isEqualTo(PUBLISHED_NOTE.substring(PUBLISHED_NOTE.indexOf("\u2014 remora")));
    assertThatThrownBy(() -> Cosignature.verify(PUBLISHED_NOTE.replace("1432088532", "1432088533"), REMORA_NAME, REMORA_KEY))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.BAD_SIGNATURE));
  }

  @Test
  void cosignature_round_trips_on_a_signed_checkpoint() throws Exception {
    String note = SignedNote.sign(CHECKPOINT.toBody(), HUB);
    Cosignature c = Cosignature.sign(CHECKPOINT, WITNESS, 1_700_000_000L);
    String cosigned = note + c.signatureLine();
    assertThat(Cosignature.verify(cosigned, WITNESS.name(), WITNESS.publicKey())).isEqualTo(c);
    assertThat(SignedNote.verify(cosigned, HUB.verifierKey())).isEqualTo(CHECKPOINT);
    // The line carries key ID, big-endian timestamp and the signature over the cosignature/v1 message.
    byte[] blob = Base64.getDecoder().decode(c.signatureLine().substring(c.signatureLine().lastIndexOf(' ') + 1).trim());
    assertThat(blob).hasSize(76);
    assertThat(Arrays.copyOf(blob, 4)).isEqualTo(Cosignature.keyId(WITNESS.name(), WITNESS.publicKey()));
    assertThat(ByteBuffer.wrap(blob, 4, 8).getLong()).isEqualTo(1_700_000_000L);
    byte[] message = ("cosignature/v1\ntime 1700000000\n" + CHECKPOINT.toBody()).getBytes(StandardCharsets.UTF_8);
    assertThat(Ed25519.verify(WITNESS.publicKey(), message, Arrays.copyOfRange(blob, 12, 76))).isTrue();
  }

  @Test
  void a_changed_timestamp_or_checkpoint_breaks_the_cosignature() throws Exception {
    String note = SignedNote.sign(CHECKPOINT.toBody(), HUB);
    Cosignature c = Cosignature.sign(CHECKPOINT, WITNESS, 1_700_000_000L);
    Cosignature shifted = new Cosignature(c.name(), c.keyId(), c.timestamp() + 1, c.signature());
    assertThatThrownBy(() -> Cosignature.verify(note + shifted.signatureLine(), WITNESS.name(), WITNESS.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.BAD_SIGNATURE))
        .hasMessageContaining("1700000001");
    Checkpoint other = new Checkpoint(HUB.name(), 8, CHECKPOINT.root());
    String otherNote = SignedNote.sign(other.toBody(), HUB);
    assertThatThrownBy(() -> Cosignature.verify(otherNote + c.signatureLine(), WITNESS.name(), WITNESS.publicKey()))
        .isInstanceOf(VerificationException.class).hasMessageContaining("does not verify");
  }

  @Test
  void a_note_without_the_witness_line_is_untrusted_and_a_log_signature_is_no_cosignature() {
    String note = SignedNote.sign(CHECKPOINT.toBody(), WITNESS); // type 0x01, not 0x04
    assertThatThrownBy(() -> Cosignature.verify(note, WITNESS.name(), WITNESS.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.UNTRUSTED))
        .hasMessageContaining(WITNESS.name());
  }
}
