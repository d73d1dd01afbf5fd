package org.liaison.proof;

import static org.liaison.proof.VerificationException.Reason.INCONSISTENT;
import static org.liaison.proof.VerificationException.Reason.UNTRUSTED;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A witness for one log: it cosigns a checkpoint only if the log signed it and it extends, by a
 * verified consistency proof, the last checkpoint this witness cosigned. A hub that shows two
 * parties different histories can therefore get only one of them cosigned by each witness.
 *
 * <p>The state is the last cosigned checkpoint; callers that restart must persist it (its {@link
 * Checkpoint#toBody()} is enough) and pass it back in, or the witness trusts anew on first use.
 */
public final class Witness {
  private final LedgerKey key;
  private final String origin;
  private final VerifierKey logKey;
  private final InstantSource clock;
  private Checkpoint latest;

  /** A witness that has cosigned nothing yet for {@code origin}. */
  public Witness(LedgerKey key, String origin, VerifierKey logKey, InstantSource clock) {
    this(key, origin, logKey, clock, null);
  }

  /** A witness resuming from {@code lastCosigned}, which may be null. */
  public Witness(LedgerKey key, String origin, VerifierKey logKey, InstantSource clock, Checkpoint lastCosigned) {
    if (lastCosigned != null && !lastCosigned.origin().equals(origin)) {
      throw new IllegalArgumentException(
          "last cosigned checkpoint is for origin " + lastCosigned.origin() + ", not " + origin);
    }
    this.key = key;
    this.origin = origin;
    this.logKey = logKey;
    this.clock = clock;
    this.latest = lastCosigned;
  }

  /** The last checkpoint this witness cosigned. */
  public synchronized Optional<Checkpoint> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * Cosigns the checkpoint in {@code signedNote} given a consistency proof from the last cosigned
   * size to its size (empty on first use or when the size is unchanged).
   *
   * @throws VerificationException when the note is malformed or not signed by the log, names
   *     another origin, shrinks the tree, forks it, or the proof does not verify
   */
  public synchronized Cosignature cosign(String signedNote, List<byte[]> consistencyProof)
      throws VerificationException {
    Objects.requireNonNull(consistencyProof, "consistency proof (use an empty list when none is needed)");
    Checkpoint next = SignedNote.verify(signedNote, logKey);
    if (!next.origin().equals(origin)) {
      throw new VerificationException(UNTRUSTED, "checkpoint is for origin " + next.origin()
          + " but this witness watches " + origin);
    }
    if (latest != null) {
      requireConsistent(latest, next, consistencyProof);
    }
    Cosignature cosignature = Cosignature.sign(next, key, clock.instant().getEpochSecond());
    latest = next;
    return cosignature;
  }

  private static void requireConsistent(Checkpoint old, Checkpoint next, List<byte[]> proof)
      throws VerificationException {
    if (next.size() < old.size()) {
      throw new VerificationException(INCONSISTENT, "rollback: checkpoint size " + next.size()
          + " is smaller than the cosigned size " + old.size());
    }
    if (next.size() == old.size() && !next.equals(old)) {
      throw new VerificationException(INCONSISTENT, "fork: at size " + next.size() + " the root is "
          + B64.encode(next.root()) + " but this witness cosigned " + B64.encode(old.root()));
    }
    if (!Merkle.verifyConsistency(old.size(), next.size(), proof, old.root(), next.root())) {
      throw new VerificationException(INCONSISTENT, "consistency proof (" + proof.size() + " hashes) from the cosigned size "
          + old.size() + " (root " + B64.encode(old.root()) + ") to size " + next.size() + " (root " + B64.encode(next.root())
          + ") does not verify: the log may be showing a different history");
    }
  }
}
