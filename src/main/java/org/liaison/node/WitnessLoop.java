package org.liaison.node;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.liaison.client.TokenProvider;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.Cosignature;
import org.liaison.ledger.LedgerClient;
import org.liaison.ledger.KeyFiles;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.VerificationException;
import org.liaison.proof.VerifierKey;
import org.liaison.proof.Witness;
import org.liaison.proof.WitnessKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node as a witness of the hub's ledger: it cosigns each new checkpoint only after the hub
 * proves it consistent with the last one this node cosigned, so a hub that shows this party a
 * rewritten history is caught. The hub's key is pinned on first use, the last cosigned checkpoint
 * is kept in the data directory, and failures are logged and retried on the next round.
 */
final class WitnessLoop {
  private static final Logger log = LoggerFactory.getLogger(WitnessLoop.class);
  static final List<String> SCOPES = List.of("liaison.ledger.read", "liaison.ledger.witness");

  private final String party;
  private final URI hub;
  private final TokenProvider tokens;
  private final Path dir;
  private final Clock clock;
  private final LedgerKey key;
  private Witness witness;
  private boolean registered;

  WitnessLoop(String party, URI hub, TokenProvider tokens, Path dataDir, Clock clock) throws IOException {
    this.party = party;
    this.hub = hub;
    this.tokens = tokens;
    this.dir = dataDir;
    this.clock = clock;
    this.key = KeyFiles.loadOrGenerate(dataDir.resolve("witness-key.pem"), "witness/" + party);
  }

  /** One round; returns the tree size now cosigned by this node, or -1 if nothing was cosigned. */
  synchronized long step() {
    try {
      LedgerClient client = new LedgerClient(hub, tokens.token(TokenProvider.audienceOf(hub)));
      if (!registered) {
        client.registerWitness(party, WitnessKey.of(key));
        registered = true;
      }
      LedgerClient.CheckpointInfo cp = client.checkpoint();
      if (witness == null) {
        witness = new Witness(key, cp.origin(), pinnedHubKey(client), clock, lastCosigned());
      }
      Checkpoint last = witness.latest().orElse(null);
      if (last != null && last.size() >= cp.treeSize()) {
        return last.size();
      }
      List<byte[]> proof = last == null || last.size() == 0 ? List.of() : client.consistency(last.size(), cp.treeSize());
      Cosignature c = witness.cosign(cp.note(), proof);
      client.submitCosignature(cp.note(), c);
      Files.writeString(dir.resolve("witness-last-checkpoint.txt"), witness.latest().orElseThrow().toBody(), StandardCharsets.UTF_8);
      return cp.treeSize();
    } catch (VerificationException e) {
      log.error("LEDGER WITNESS REFUSED the hub's checkpoint: {}", e.getMessage());
      return -1;
    } catch (IOException | RuntimeException e) {
      log.debug("witness round failed, will retry: {}", e.getMessage());
      return -1;
    }
  }

  private VerifierKey pinnedHubKey(LedgerClient client) throws IOException {
    Path pin = dir.resolve("hub-ledger.vkey");
    VerifierKey served = client.key().verifierKey();
    if (Files.exists(pin)) {
      VerifierKey pinned = VerifierKey.parse(Files.readString(pin, StandardCharsets.UTF_8).trim());
      if (!pinned.vkey().equals(served.vkey())) {
        throw new IOException("the hub's ledger key changed from " + pinned.vkey() + " to " + served.vkey());
      }
      return pinned;
    }
    Files.writeString(pin, served.vkey() + "\n", StandardCharsets.UTF_8);
    return served;
  }

  private Checkpoint lastCosigned() throws IOException {
    Path f = dir.resolve("witness-last-checkpoint.txt");
    return Files.exists(f) ? Checkpoint.parse(Files.readString(f, StandardCharsets.UTF_8)) : null;
  }
}
