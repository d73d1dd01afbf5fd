package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub that keeps two histories under one origin and one key, showing each to a different party,
 * is caught by any witness that has cosigned the other history.
 */
class WitnessTest {
  private static final String ORIGIN = "hub.liaison.example/ledger";
  private static final LedgerKey HUB = LedgerKey.generate(ORIGIN);
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_750_000_000L));

  private MerkleLog shownToBlue; // history A
  private MerkleLog shownToRed;  // history B: same first 5 entries, then different ones
  private LedgerKey blueKey;
  private Witness blue;

  @BeforeEach
  void twoHistories() {
    shownToBlue = new MerkleLog();
    shownToRed = new MerkleLog();
    for (int i = 0; i < 5; i++) {
      byte[] leaf = entry("notice " + i);
      shownToBlue.append(leaf);
      shownToRed.append(leaf);
    }
    for (int i = 5; i < 20; i++) {
      shownToBlue.append(entry("notice " + i));
      shownToRed.append(entry("notice " + i + " (rewritten)"));
    }
    blueKey = LedgerKey.generate("node.blue.example/witness");
    blue = new Witness(blueKey, ORIGIN, HUB.verifierKey(), CLOCK);
  }

  private static byte[] entry(String text) {
    return Merkle.leafHash(Canonical.canonicalize(Map.of("payload", text)));
  }

  private static String note(MerkleLog log, long size) {
    return SignedNote.sign(new Checkpoint(ORIGIN, size, log.root(size)).toBody(), HUB);
  }

  @Test
  void witness_cosigns_a_growing_consistent_history() throws Exception {
    Cosignature first = blue.cosign(note(shownToBlue, 5), List.of());
    Cosignature second = blue.cosign(note(shownToBlue, 12), shownToBlue.consistencyProof(5, 12));
    assertThat(second.timestamp()).isEqualTo(1_750_000_000L);
    assertThat(blue.latest()).contains(new Checkpoint(ORIGIN, 12, shownToBlue.root(12)));
    String cosigned = note(shownToBlue, 12) + second.signatureLine();
    assertThat(Cosignature.verify(cosigned, blueKey.name(), blueKey.publicKey())).isEqualTo(second);
    assertThat(first.name()).isEqualTo(blueKey.name());
    // Re-presenting the same checkpoint is fine and needs no proof.
    blue.cosign(note(shownToBlue, 12), List.of());
  }

  @Test
  void witness_that_cosigned_one_history_refuses_the_other() throws Exception {
    blue.cosign(note(shownToBlue, 10), List.of());
    // The hub shows red a longer tree and offers the only proof it can make: one within history B.
    assertRejected(() -> blue.cosign(note(shownToRed, 15), shownToRed.consistencyProof(10, 15)),
        "does not verify");
    // Nor does a proof from history A help, whatever the hub tries.
    assertRejected(() -> blue.cosign(note(shownToRed, 15), shownToBlue.consistencyProof(10, 15)),
        "does not verify");
    assertRejected(() -> blue.cosign(note(shownToRed, 10), List.of()), "fork: at size 10");
    assertThat(blue.latest()).contains(new Checkpoint(ORIGIN, 10, shownToBlue.root(10)));
  }

  @Test
  void a_second_witness_on_the_other_side_refuses_the_first_history() throws Exception {
    LedgerKey redKey = LedgerKey.generate("node.red.example/witness");
    Witness red = new Witness(redKey, ORIGIN, HUB.verifierKey(), CLOCK);
    red.cosign(note(shownToRed, 12), List.of());
    blue.cosign(note(shownToBlue, 12), List.of());
    assertRejected(() -> red.cosign(note(shownToBlue, 18), shownToBlue.consistencyProof(12, 18)), "does not verify");
    assertRejected(() -> blue.cosign(note(shownToRed, 18), shownToRed.consistencyProof(12, 18)), "does not verify");
    // Each side can still extend the history it has seen: the split is visible, not hidden.
    red.cosign(note(shownToRed, 18), shownToRed.consistencyProof(12, 18));
    blue.cosign(note(shownToBlue, 18), shownToBlue.consistencyProof(12, 18));
    assertThat(red.latest().orElseThrow().root()).isNotEqualTo(blue.latest().orElseThrow().root());
  }

  @Test
  void before_the_histories_diverge_both_extensions_are_consistent() throws Exception {
    blue.cosign(note(shownToBlue, 5), List.of());
    blue.cosign(note(shownToRed, 9), shownToRed.consistencyProof(5, 9));
    assertThat(blue.latest().orElseThrow().root()).isEqualTo(shownToRed.root(9));
  }

  @Test
  void rollback_wrong_key_wrong_origin_and_bad_proofs_are_refused() throws Exception {
    blue.cosign(note(shownToBlue, 10), List.of());
    assertRejected(() -> blue.cosign(note(shownToBlue, 7), List.of()), "rollback");
    LedgerKey impostor = LedgerKey.generate(ORIGIN);
    String forged = SignedNote.sign(new Checkpoint(ORIGIN, 11, shownToBlue.root(11)).toBody(), impostor);
    assertThatThrownBy(() -> blue.cosign(forged, shownToBlue.consistencyProof(10, 11)))
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.UNTRUSTED));
    String otherOrigin = SignedNote.sign(new Checkpoint("elsewhere.example/log", 11, shownToBlue.root(11)).toBody(), HUB);
    assertThatThrownBy(() -> blue.cosign(otherOrigin, shownToBlue.consistencyProof(10, 11)))
        .isInstanceOf(VerificationException.class).hasMessageContaining("elsewhere.example/log");
    assertRejected(() -> blue.cosign(note(shownToBlue, 11), List.of()), "does not verify");
    assertThat(blue.latest().orElseThrow().size()).isEqualTo(10);
  }

  @Test
  void a_restarted_witness_resumes_from_its_persisted_checkpoint() throws Exception {
    blue.cosign(note(shownToBlue, 10), List.of());
    String persisted = blue.latest().orElseThrow().toBody();
    Witness restarted = new Witness(blueKey, ORIGIN, HUB.verifierKey(), CLOCK, Checkpoint.parse(persisted));
    assertRejected(() -> restarted.cosign(note(shownToRed, 15), shownToRed.consistencyProof(10, 15)), "does not verify");
    assertThat(persisted).startsWith(ORIGIN + "\n10\n");
  }

  private static void assertRejected(ThrowingCallable call, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.INCONSISTENT))
        .hasMessageContaining(reason);
  }
}
