package org.liaison.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.liaison.proof.B64;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.Cosignature;
import org.liaison.proof.LogEntry;
import org.liaison.proof.LogVerifier;
import org.liaison.proof.Merkle;
import org.liaison.proof.SignedNote;
import org.liaison.proof.VerificationException;
import org.liaison.proof.VerifierKey;

/**
 * What {@code liaison ledger verify}, {@code export} and {@code prove} do, as library calls: check
 * a hub's log or an exported bundle end to end, export a bundle, and gather the evidence that one
 * entry is in the log. The CLI only parses flags and prints.
 */
public final class LedgerAudit {
  /** Told how far a long run has come. */
  @FunctionalInterface
  public interface Progress {
    void at(long done, long total);

    Progress NONE = (done, total) -> {};
  }

  private LedgerAudit() {}

  /**
   * Downloads and checks a hub's whole log.
   *
   * @param pinned the log key the caller trusts; when absent the hub's own key is used (trust on
   *     first use), and a saved checkpoint still pins it, since it must verify under that key
   * @param earlierNote a checkpoint note saved before, which the log must extend
   * @throws IOException when the hub cannot be reached or answers out of shape; that is not a
   *     verdict
   */
  public static LogVerifier.Result verifyHub(
      LedgerClient hub, Optional<VerifierKey> pinned, Optional<String> earlierNote, Progress progress)
      throws IOException {
    VerifierKey served = hub.key().verifierKey();
    VerifierKey key = pinned.orElse(served);
    LedgerClient.CheckpointInfo cp = hub.checkpoint();
    LogVerifier v = new LogVerifier(key, cp.note());
    pinnedKey(v, pinned, served);
    Checkpoint signed = v.checkpoint();
    if (signed != null && (!signed.origin().equals(cp.origin()) || signed.size() != cp.treeSize()
        || !MessageDigest.isEqual(signed.root(), cp.rootHash()))) {
      v.fail("the checkpoint fields (origin " + cp.origin() + ", size " + cp.treeSize() + ", root "
          + B64.encode(cp.rootHash()) + ") differ from the signed note " + signed);
    }
    if (earlierNote.isPresent()) {
      v.expectPrefix("the saved checkpoint", earlierNote.get());
      hubConsistencyProof(hub, v, key, earlierNote.get());
    }
    if (cp.cosignedNote().isPresent()) {
      cosigned(v, key, cp.cosignedNote().get(), hub.witnesses());
    }
    long n = v.treeSize();
    try (Pages pages = new Pages(hub, n)) {
      for (long start = 0; start < n; start += LedgerClient.MAX_PAGE) {
        LogVerifier.check(pages.next()).forEach(v::add);
        progress.at(Math.min(start + LedgerClient.MAX_PAGE, n), n);
      }
    }
    return v.finish();
  }

  /**
   * The log's pages in order, each fetched while the previous one is processed, so the network
   * and the CPU overlap. The fetching thread is its own: the common pool hashes.
   */
  private static final class Pages implements AutoCloseable {
    private final LedgerClient hub;
    private final long n;
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "liaison-ledger-fetch");
      t.setDaemon(true);
      return t;
    });
    private long start;
    private CompletableFuture<List<LogEntry>> next;

    Pages(LedgerClient hub, long n) {
      this.hub = hub;
      this.n = n;
      this.next = n > 0 ? fetch() : null;
    }

    private CompletableFuture<List<LogEntry>> fetch() {
      long from = start;
      long end = Math.min(n, from + LedgerClient.MAX_PAGE);
      start = end;
      return CompletableFuture.supplyAsync(() -> {
        try {
          return hub.entries(from, end);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, fetcher);
    }

    List<LogEntry> next() throws IOException {
      List<LogEntry> page = join(next);
      next = start < n ? fetch() : null;
      return page;
    }

    @Override
    public void close() {
      fetcher.shutdownNow();
    }
  }

  private static List<LogEntry> join(CompletableFuture<List<LogEntry>> page) throws IOException {
    try {
      return page.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException) {
        throw (IOException) e.getCause();
      }
      throw e;
    }
  }

  private static void pinnedKey(LogVerifier v, Optional<VerifierKey> pinned, VerifierKey served) {
    if (pinned.isPresent() && !pinned.get().equals(served)) {
      v.fail("the log's key " + served.vkey() + " is not the trusted key " + pinned.get().vkey());
    }
  }

  private static void hubConsistencyProof(LedgerClient hub, LogVerifier v, VerifierKey key, String earlierNote)
      throws IOException {
    Checkpoint earlier;
    try {
      earlier = SignedNote.verify(earlierNote, key);
    } catch (VerificationException e) {
      return; // expectPrefix has reported it
    }
    Checkpoint now = v.checkpoint();
    if (now == null || earlier.size() > now.size()) {
      return;
    }
    List<byte[]> proof = hub.consistency(earlier.size(), now.size());
    if (Merkle.verifyConsistency(earlier.size(), now.size(), proof, earlier.root(), now.root())) {
      v.pass("the hub's consistency proof from size " + earlier.size() + " to " + now.size() + " verifies");
    } else {
      v.fail("the hub's consistency proof from size " + earlier.size() + " to " + now.size()
          + " does not verify: the hub cannot show that the log only grew");
    }
  }

  /** The cosigned checkpoint must be this log's, a prefix of it, and its cosignatures must verify. */
  private static void cosigned(LogVerifier v, VerifierKey key, String note, List<LedgerClient.RegisteredWitness> ws) {
    v.expectPrefix("the cosigned checkpoint", note);
    for (LedgerClient.RegisteredWitness w : ws) {
      try {
        Cosignature c = Cosignature.verify(note, w.key().name(), w.key().publicKey());
        v.pass("cosignature by " + w.party() + "'s witness " + w.key().name() + " at time " + c.timestamp() + " verifies");
      } catch (VerificationException e) {
        if (e.reason() != VerificationException.Reason.UNTRUSTED) {
          v.fail("cosignature by " + w.party() + "'s witness: " + e.getMessage());
        }
      }
    }
  }

  /** Writes the hub's log, as served, to a bundle; returns its header. */
  public static LedgerBundle.Header export(LedgerClient hub, Path file, Progress progress) throws IOException {
    LedgerClient.KeyInfo key = hub.key();
    LedgerClient.CheckpointInfo cp = hub.checkpoint();
    LedgerBundle.Header header = new LedgerBundle.Header(
        cp.origin(), cp.treeSize(), key, cp.note(), cp.cosignedNote(), hub.witnesses());
    long n = cp.treeSize();
    try (LedgerBundle.Writer out = new LedgerBundle.Writer(file, header); Pages pages = new Pages(hub, n)) {
      for (long start = 0; start < n; start += LedgerClient.MAX_PAGE) {
        for (LogEntry e : pages.next()) {
          out.add(e);
        }
        progress.at(Math.min(start + LedgerClient.MAX_PAGE, n), n);
      }
    }
    return header;
  }

  /** Checks a bundle fully offline; {@code pinned} and {@code earlierNote} as for a hub. */
  public static LogVerifier.Result verifyBundle(
      Path file, Optional<VerifierKey> pinned, Optional<String> earlierNote, Progress progress) throws IOException {
    try (LedgerBundle.Reader in = new LedgerBundle.Reader(file)) {
      LedgerBundle.Header h = in.header();
      VerifierKey served = h.key().verifierKey();
      VerifierKey key = pinned.orElse(served);
      LogVerifier v = new LogVerifier(key, h.checkpointNote());
      pinnedKey(v, pinned, served);
      if (v.checkpoint() != null && v.checkpoint().size() != h.treeSize()) {
        v.fail("the bundle header says " + h.treeSize() + " entries but its checkpoint covers " + v.checkpoint().size());
      }
      earlierNote.ifPresent(note -> v.expectPrefix("the saved checkpoint", note));
      h.cosignedNote().ifPresent(note -> cosigned(v, key, note, h.witnesses()));
      long n = v.treeSize();
      long count = 0;
      pages:
      for (List<LogEntry> page = in.next(LedgerClient.MAX_PAGE); !page.isEmpty(); page = in.next(LedgerClient.MAX_PAGE)) {
        for (int i = 0; i < page.size(); i++) {
          long at = count + i;
          if (page.get(i).index() != at || at >= n) {
            v.fail("bundle entry " + at + " has index " + page.get(i).index() + " where " + at
                + (at >= n ? " (beyond the checkpoint)" : "") + " was expected; the bundle is damaged");
            break pages;
          }
        }
        LogVerifier.check(page).forEach(v::add);
        count += page.size();
        progress.at(count, n);
      }
      return v.finish();
    }
  }

  /** The evidence that one entry is in the log, and whether it holds up. */
  public record Evidence(
      byte[] leafHash,
      long index,
      byte[] entry,
      List<byte[]> inclusionPath,
      String checkpointNote,
      Checkpoint checkpoint,
      VerifierKey key,
      List<String> passed,
      List<String> failures) {
    public boolean ok() {
      return failures.isEmpty();
    }
  }

  /**
   * Finds the entry with {@code leafHash} in the hub's latest checkpoint and checks, locally, the
   * checkpoint's signature, that the entry's bytes hash to it, and its inclusion proof.
   */
  public static Evidence prove(LedgerClient hub, byte[] leafHash, Optional<VerifierKey> pinned) throws IOException {
    VerifierKey served = hub.key().verifierKey();
    VerifierKey key = pinned.orElse(served);
    LedgerClient.CheckpointInfo cp = hub.checkpoint();
    List<String> passed = new java.util.ArrayList<>();
    List<String> failures = new java.util.ArrayList<>();
    if (pinned.isPresent() && !pinned.get().equals(served)) {
      failures.add("the log's key " + served.vkey() + " is not the trusted key " + pinned.get().vkey());
    }
    Checkpoint checkpoint;
    try {
      checkpoint = SignedNote.verify(cp.note(), key);
      passed.add("checkpoint signature by " + key.name() + " verifies");
    } catch (VerificationException e) {
      failures.add("checkpoint: " + e.getMessage());
      checkpoint = new Checkpoint(cp.origin(), cp.treeSize(), cp.rootHash());
    }
    LedgerClient.InclusionProof proof;
    try {
      proof = hub.inclusionByHash(leafHash, checkpoint.size());
    } catch (LedgerClient.ApiError e) {
      if (e.status() != 404 && e.status() != 400) {
        throw e;
      }
      throw new LedgerClient.ApiError(e.status(), "no entry with leaf hash " + B64.encode(leafHash)
          + " is in the checkpoint of size " + checkpoint.size() + " (an entry written in the last second may"
          + " not be sequenced yet): " + e.getMessage());
    }
    byte[] entry = hub.entries(proof.index(), proof.index() + 1).get(0).entry();
    if (MessageDigest.isEqual(Merkle.leafHash(entry), leafHash)) {
      passed.add("the entry's bytes hash to the leaf hash asked for");
    } else {
      failures.add("the entry served at index " + proof.index() + " hashes to " + B64.encode(Merkle.leafHash(entry))
          + ", not to the leaf hash asked for");
    }
    if (Merkle.verifyInclusion(leafHash, proof.index(), checkpoint.size(), proof.path(), checkpoint.root())) {
      passed.add("the inclusion proof (" + proof.path().size() + " hashes) leads to the signed root at size "
          + checkpoint.size());
    } else {
      failures.add("the inclusion proof of index " + proof.index() + " does not lead to the signed root at size "
          + checkpoint.size());
    }
    return new Evidence(leafHash, proof.index(), entry, proof.path(), cp.note(), checkpoint, key,
        List.copyOf(passed), List.copyOf(failures));
  }
}
