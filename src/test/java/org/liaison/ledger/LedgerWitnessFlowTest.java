package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.Cosignature;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Merkle;
import org.liaison.proof.SignedNote;
import org.liaison.proof.VerificationException;
import org.liaison.proof.Witness;
import org.liaison.proof.WitnessKey;

/**
 * The witness flow through real hubs: a party registers its witness key, its witness cosigns
 * checkpoints after checking consistency, the hub serves the cosigned checkpoint; and a hub that
 * shows a different history under the same origin and key is refused.
 */
class LedgerWitnessFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String L = "/liaison/v1/ledger";

  @TempDir
  Path dir;

  private static void notices(HubFixture hub, String party, double lat, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      hub.putNotice(party, lat + i * 0.1);
    }
    hub.sequence();
  }

  private static LedgerClient witnessClient(HubFixture hub, String party) {
    return new LedgerClient(hub.uri, hub.token(party, LedgerRoutes.WITNESS));
  }

  private static Witness witness(HubFixture hub, LedgerKey key) {
    return new Witness(key, hub.ledger().origin(), hub.ledger().key().verifierKey(), Clock.systemUTC());
  }

  @Test
  void a_registered_witness_cosigns_and_the_hub_serves_the_cosigned_checkpoint() throws Exception {
    LedgerKey blueKey = LedgerKey.generate("witness.blue.example");
    try (HubFixture hub = HubFixture.start(dir)) {
      notices(hub, "red", 20.0, 5);
      LedgerClient blue = witnessClient(hub, "blue");
      blue.registerWitness("blue", WitnessKey.of(blueKey));
      hub.sequence(); // the registration is itself a ledger entry
      assertThat(blue.witnesses()).containsExactly(new LedgerClient.RegisteredWitness("blue", WitnessKey.of(blueKey)));

      Witness w = witness(hub, blueKey);
      LedgerClient.CheckpointInfo first = blue.checkpoint();
      assertThat(first.treeSize()).isEqualTo(6);
      String cosigned = blue.submitCosignature(first.note(), w.cosign(first.note(), List.of()));
      assertThat(SignedNote.verify(cosigned, hub.ledger().key().verifierKey()).size()).isEqualTo(6);
      assertThat(Cosignature.verify(cosigned, blueKey.name(), blueKey.publicKey()).timestamp()).isPositive();

      JsonNode cp = JSON.readTree(hub.get(L + "/checkpoint", hub.readToken()).body());
      assertThat(cp.get("cosigned_note").asText()).isEqualTo(cosigned);
      assertThat(cp.get("cosigned_tree_size").asLong()).isEqualTo(6);
      assertThat(cp.get("cosigned_by")).extracting(JsonNode::asText).containsExactly("blue");

      // The log grows; the witness checks the hub's consistency proof before it cosigns again.
      notices(hub, "red", 30.0, 3);
      LedgerClient.CheckpointInfo second = blue.checkpoint();
      Cosignature again = w.cosign(second.note(), blue.consistency(first.treeSize(), second.treeSize()));
      blue.submitCosignature(second.note(), again);
      assertThat(blue.checkpoint().cosignedNote()).hasValueSatisfying(n -> assertThat(n).contains("\n9\n"));

      LedgerCommandTest.Run r = LedgerCommandTest.run("verify", "--hub", hub.uri.toString(), "--token", hub.readToken());
      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.out()).contains("the cosigned checkpoint (size 9) is a prefix of the log")
          .contains("cosignature by blue's witness witness.blue.example at time");
    }
  }

  @Test
  void the_hub_refuses_cosignatures_it_cannot_check() throws Exception {
    LedgerKey blueKey = LedgerKey.generate("witness.blue.example");
    try (HubFixture hub = HubFixture.start(dir)) {
      notices(hub, "red", 20.0, 3);
      String note = hub.ledger().checkpointNote();
      String line = witness(hub, blueKey).cosign(note, List.of()).signatureLine();
      String blueToken = hub.token("blue", LedgerRoutes.WITNESS);

      assertStatus(hub.post(L + "/cosignatures", blueToken, cosignBody(note, line)), 403, "has no registered witness key");
      assertStatus(hub.put(L + "/witnesses/red", blueToken, "{\"vkey\":\"" + WitnessKey.of(blueKey).vkey() + "\"}"),
          403, "may register only its own witness key");
      assertStatus(hub.put(L + "/witnesses/blue", blueToken, "{\"vkey\":\"blue+00000000+AAAA\"}"), 400, "vkey");
      assertStatus(hub.put(L + "/witnesses/blue", hub.readToken(), "{}"), 403, "");
      assertThat(hub.put(L + "/witnesses/blue", blueToken, "{\"vkey\":\"" + blueKey.vkey() + "\"}").statusCode())
          .isEqualTo(200); // the signed-note form of the key is accepted too

      String forgedLine = witness(hub, LedgerKey.generate(blueKey.name())).cosign(note, List.of()).signatureLine();
      assertStatus(hub.post(L + "/cosignatures", blueToken, cosignBody(note, forgedLine)), 400, "does not verify");
      String otherRoot = new Checkpoint("liaison/test", 3, Merkle.leafHash(new byte[0])).toBody();
      assertStatus(hub.post(L + "/cosignatures", blueToken, cosignBody(otherRoot, line)), 409,
          "is not this log's root");
      String beyond = new Checkpoint("liaison/test", 99, Merkle.leafHash(new byte[0])).toBody();
      assertStatus(hub.post(L + "/cosignatures", blueToken, cosignBody(beyond, line)), 400, "tree size 99 is beyond");
      assertStatus(hub.post(L + "/cosignatures", blueToken, cosignBody(note, line + line)), 400, "exactly one line");
      assertStatus(hub.post(L + "/cosignatures", blueToken, "{\"checkpoint\": 5}"), 400, "checkpoint must be a string");
      assertThat(hub.post(L + "/cosignatures", blueToken, cosignBody(note, line)).statusCode()).isEqualTo(200);
    }
  }

  private static String cosignBody(String checkpoint, String line) {
    ObjectNode b = JSON.createObjectNode().put("checkpoint", checkpoint).put("cosignature", line);
    return b.toString();
  }

  private static void assertStatus(HttpResponse<String> r, int status, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).contains(message);
  }

  @Test
  void a_witness_that_cosigned_one_history_refuses_a_diverging_one() throws Exception {
    // One hub operator, one key, one origin, two histories: "a" is shown to blue, "b" to red.
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    LedgerKey blueKey = LedgerKey.generate("witness.blue.example");
    try (HubFixture shownToBlue = HubFixture.start(a)) {
      Files.createDirectories(b);
      Files.copy(a.resolve("ledger-key.pem"), b.resolve("ledger-key.pem"));
      try (HubFixture shownToRed = HubFixture.start(b)) {
        assertThat(shownToRed.ledger().key().vkey()).isEqualTo(shownToBlue.ledger().key().vkey());
        notices(shownToBlue, "red", 20.0, 4);
        notices(shownToRed, "red", 50.0, 6);

        Witness w = witness(shownToBlue, blueKey);
        String blueNote = shownToBlue.ledger().checkpointNote();
        w.cosign(blueNote, List.of());

        LedgerClient red = shownToRed.client();
        LedgerClient.CheckpointInfo redHead = red.checkpoint();
        List<byte[]> proof = red.consistency(4, redHead.treeSize());
        assertThatThrownBy(() -> w.cosign(redHead.note(), proof))
            .isInstanceOf(VerificationException.class)
            .hasMessageContaining("consistency proof")
            .hasMessageContaining("different history")
            .satisfies(e -> assertThat(((VerificationException) e).reason())
                .isEqualTo(VerificationException.Reason.INCONSISTENT));
        assertThatThrownBy(() -> w.cosign(shownToRed.ledger().noteAt(4), List.of()))
            .isInstanceOf(VerificationException.class)
            .hasMessageContaining("fork: at size 4");
        assertThat(w.latest()).contains(SignedNote.verify(blueNote, shownToBlue.ledger().key().verifierKey()));

        // A checkpoint saved from one history fails verification of the other.
        Path saved = dir.resolve("blue-saw.txt");
        Files.writeString(saved, blueNote);
        LedgerCommandTest.Run r = LedgerCommandTest.run("verify", "--hub", shownToRed.uri.toString(),
            "--token", shownToRed.readToken(), "--from-checkpoint", saved.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("is not a prefix of the log").contains("history was rewritten")
            .contains("the hub's consistency proof from size 4 to 6 does not verify");
      }
    }
  }
}
