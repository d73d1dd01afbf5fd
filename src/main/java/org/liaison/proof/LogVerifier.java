package org.liaison.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Checks a whole log against its signed checkpoint, streaming: the entries are fed in index order
 * and only the right edge of the tree is kept, so memory stays O(log n) whatever the log's size.
 *
 * <p>It checks that the checkpoint note is signed by the log's key; that every entry is canonical
 * JSON and hashes to the leaf hash the log serves; that the entries recompute the signed root; and
 * that every earlier checkpoint given to {@link #expectPrefix} is a prefix of this log, so the log
 * only grew. The two trees are recomputed from the entries themselves, which is stronger than a
 * consistency proof; callers that also want the log's proof checked use {@link Merkle}.
 *
 * <p>Failures are collected, not thrown, so one run reports everything that is wrong.
 */
public final class LogVerifier {
  /** Failures beyond this many are counted but not described. */
  static final int MAX_DESCRIBED = 20;
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /**
   * The verdict: {@code ok} when nothing failed. {@code note} is the checkpoint note that was
   * checked, worth saving for the next run's {@link #expectPrefix} when {@code ok}.
   */
  public record Result(Checkpoint checkpoint, String note, long entriesChecked, List<String> passed,
      List<String> failures, long failureCount) {
    public boolean ok() {
      return failureCount == 0;
    }
  }

  private record Prefix(String label, Checkpoint checkpoint) {}

  private final VerifierKey key;
  private final Checkpoint checkpoint;
  private final String note;
  private final CompactRange range = new CompactRange();
  private final TreeMap<Long, List<Prefix>> prefixes = new TreeMap<>();
  private final List<String> passed = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private long failureCount;
  private long badLeaves;
  private long nonCanonical;
  private boolean finished;

  /**
   * Starts checking the log whose latest signed checkpoint is {@code note}, signed by {@code key}.
   * A note that is unreadable or not signed by the key is a failure; when it is at least readable,
   * the entries are still checked against it.
   */
  public LogVerifier(VerifierKey key, String note) {
    this.key = key;
    this.note = note;
    Checkpoint cp = null;
    try {
      cp = SignedNote.verify(note, key);
      passed.add("checkpoint signature by " + key.name() + " (key ID " + Ed25519.hex(key.keyId()) + ") verifies");
    } catch (VerificationException e) {
      fail("checkpoint: " + e.getMessage());
      try {
        cp = SignedNote.parseCheckpoint(SignedNote.parse(note).text());
      } catch (VerificationException unreadable) {
        cp = null;
      }
    }
    this.checkpoint = cp;
  }

  /** The size the signed checkpoint claims: how many entries {@link #add} should receive. */
  public long treeSize() {
    return checkpoint == null ? 0 : checkpoint.size();
  }

  /** The checkpoint being verified, or null if its note could not be read at all. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /**
   * Also requires the log to extend the checkpoint in {@code earlierNote}, a note saved before or
   * signed by a witness: same key, same origin, and the entries recompute its root at its size.
   */
  public void expectPrefix(String label, String earlierNote) {
    Checkpoint earlier;
    try {
      earlier = SignedNote.verify(earlierNote, key);
    } catch (VerificationException e) {
      fail(label + ": " + e.getMessage());
      return;
    }
    if (checkpoint != null && !earlier.origin().equals(checkpoint.origin())) {
      fail(label + " is for origin " + earlier.origin() + ", not " + checkpoint.origin());
      return;
    }
    if (earlier.size() > treeSize()) {
      fail(label + " has size " + earlier.size() + " but the log now claims only " + treeSize()
          + " entries: the log was rolled back");
      return;
    }
    prefixes.computeIfAbsent(earlier.size(), s -> new ArrayList<>()).add(new Prefix(label, earlier));
    if (earlier.size() == 0) {
      checkPrefixes();
    }
  }

  /**
   * What one entry alone tells: its leaf hash, the hash the log served with it, and whether it is
   * canonical. Independent of every other entry, so callers may compute these in parallel.
   */
  public record Checked(long index, byte[] leafHash, byte[] servedLeafHash, boolean canonical) {}

  /** Hashes and inspects one entry; {@code servedLeafHash} may be null. */
  public static Checked check(long index, byte[] entry, byte[] servedLeafHash) {
    return new Checked(index, Merkle.leafHash(entry), servedLeafHash, isCanonical(entry));
  }

  /** Checks a page of entries, in parallel when it is large enough to pay for it. */
  public static List<Checked> check(List<LogEntry> page) {
    return (page.size() >= 64 ? page.parallelStream() : page.stream())
        .map(e -> check(e.index(), e.entry(), e.leafHash()))
        .toList();
  }

  /** Feeds the next entry; see {@link #add(Checked)}. */
  public void add(long index, byte[] entry, byte[] servedLeafHash) {
    add(check(index, entry, servedLeafHash));
  }

  /**
   * Feeds the next entry, checked by {@link #check}.
   *
   * @throws IllegalArgumentException when entries come out of order; that is the caller's bug
   */
  public void add(Checked c) {
    long index = c.index();
    if (index != range.size()) {
      throw new IllegalArgumentException("entry index " + index + " fed where " + range.size() + " was expected");
    }
    if (c.servedLeafHash() != null && !MessageDigest.isEqual(c.leafHash(), c.servedLeafHash())) {
      badLeaves++;
      fail("entry " + index + ": its bytes hash to leaf " + B64.encode(c.leafHash()) + " but the log serves leaf hash "
          + B64.encode(c.servedLeafHash()) + "; the entry or its hash was altered");
    }
    if (!c.canonical()) {
      nonCanonical++;
      fail("entry " + index + " is not canonical JSON (RFC 8785)");
    }
    range.append(c.leafHash());
    checkPrefixes();
  }

  private void checkPrefixes() {
    List<Prefix> due = prefixes.remove(range.size());
    if (due == null) {
      return;
    }
    byte[] root = range.root();
    for (Prefix p : due) {
      if (MessageDigest.isEqual(root, p.checkpoint().root())) {
        passed.add(p.label() + " (size " + p.checkpoint().size() + ") is a prefix of the log: it only grew");
      } else {
        fail(p.label() + " (size " + p.checkpoint().size() + ", root " + B64.encode(p.checkpoint().root())
            + ") is not a prefix of the log: its first " + p.checkpoint().size() + " entries now give root "
            + B64.encode(root) + "; history was rewritten");
      }
    }
  }

  /** Ends the run and gives the verdict. */
  public Result finish() {
    if (finished) {
      throw new IllegalStateException("finish() was already called");
    }
    finished = true;
    long n = range.size();
    if (checkpoint != null) {
      if (n != checkpoint.size()) {
        fail("the checkpoint covers " + checkpoint.size() + " entries but " + n + " were checked");
      } else if (MessageDigest.isEqual(range.root(), checkpoint.root())) {
        passed.add("the " + n + " entries recompute the signed root " + B64.encode(checkpoint.root()));
      } else {
        fail("the " + n + " entries give root " + B64.encode(range.root()) + " but the signed checkpoint says "
            + B64.encode(checkpoint.root()));
      }
    } else {
      fail("no readable checkpoint to compare the entries with");
    }
    if (badLeaves == 0 && n > 0) {
      passed.add("every one of the " + n + " leaf hashes matches its entry");
    }
    if (nonCanonical == 0 && n > 0) {
      passed.add("every entry is canonical JSON");
    }
    for (List<Prefix> left : prefixes.values()) {
      for (Prefix p : left) {
        fail(p.label() + " (size " + p.checkpoint().size() + ") was never reached: only " + n + " entries checked");
      }
    }
    prefixes.clear();
    return new Result(checkpoint, note, n, List.copyOf(passed), List.copyOf(failures), failureCount);
  }

  /** Records a failure found outside the entries (a bad proof, a bad cosignature). */
  public void fail(String message) {
    failureCount++;
    if (failures.size() < MAX_DESCRIBED) {
      failures.add(message);
    } else if (failures.size() == MAX_DESCRIBED) {
      failures.add("… further failures are counted but not listed");
    }
  }

  /** Records a check that passed, for the report. */
  public void pass(String message) {
    passed.add(message);
  }

  public static boolean isCanonical(byte[] entry) {
    try {
      JsonNode n = STRICT.readTree(entry);
      return n != null && n.isObject() && MessageDigest.isEqual(Canonical.canonicalize(n), entry);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
