package org.liaison.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.liaison.proof.B64;
import org.liaison.proof.Canonical;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.LogEntry;
import org.liaison.proof.Merkle;
import org.liaison.proof.MerkleLog;
import org.liaison.proof.Receipt;
import org.liaison.proof.SignedNote;
import org.liaison.proof.UtcTime;
import org.liaison.proof.VerificationException;

/**
 * The hub's verifiable record: an RFC 9162 Merkle log over canonical JSON entries, kept in the
 * hub's database.
 *
 * <p>{@link #record} writes an entry inside the caller's transaction, so there is no change
 * without its entry and no entry without its change. Each entry gets a dense index: on the
 * embedded store in that same transaction (one writer at a time, so the receipt can carry it), on
 * PostgreSQL later, by the sequencer. The sequencer ({@link #sequence}) appends indexed entries to
 * the in-memory tree only after their index rows have committed, then signs, stores and publishes
 * a checkpoint; a failed transaction therefore changes nothing in memory and is simply retried.
 * Sequencers that race on one database conflict on the index's primary key, and the loser catches
 * up from the rows the winner wrote.
 */
public final class Ledger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ledger.class);
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** Most entries integrated by one sequencing transaction. */
  static final int MAX_BATCH = 50_000;
  /** The maximum merge delay when no writer nudges the sequencer. */
  private static final long IDLE_WAIT_MS = 200;
  /**
   * The least time between the ends of two passes, nudged or not. Under a write load every answer
   * nudges, and passes back to back signed and committed a checkpoint every few writes, taking
   * SQLite's write lock from the committer each time; a pass per this interval covers everything
   * written meanwhile, and a checkpoint still follows a write within tens of milliseconds.
   */
  static final long MIN_PASS_INTERVAL_MS = 20;
  /**
   * How long the sequencer lease lasts without renewal. The holder renews it at every pass (at
   * least every {@value #IDLE_WAIT_MS} ms); another instance takes over once it lapses.
   */
  static final int LEASE_SECONDS = 5;

  /** The latest signed tree head and its signed-note text. */
  public record Published(Checkpoint checkpoint, String note) {}

  private final Database db;
  private final LedgerKey key;
  private final String origin;
  private final Clock clock;
  private final boolean indexOnRecord;
  private final MerkleLog tree;
  /** Where the tree is kept between runs of a one-instance hub, or null (see {@link TreeFile}). */
  private final Path treeFile;
  private final Object wake = new Object();
  private boolean pending; // guarded by wake; set by nudge() so a wake-up is never lost
  private volatile Published published;
  private final Thread worker;
  private volatile boolean closed;
  /** Names this instance in the sequencer lease: its process id, then a random part. */
  private final String instance =
      "pid " + ProcessHandle.current().pid() + " " + java.util.UUID.randomUUID().toString().substring(0, 8);
  private volatile boolean sequencer;
  private volatile long sequencedAtMs; // when sequence() last finished, for the lag gauges
  /**
   * Whether a sweep for unindexed entries has found them all (guarded by {@link #tree}). When
   * entries are indexed as they are recorded, only entries older than that rule can lack an index,
   * so one sweep at open suffices: the sweep is an anti-join over the whole log, and repeating it
   * after every commit cost time in proportion to the log's size (at 10^5 entries, a third of
   * the database time of a write load).
   */
  private boolean swept;

  private Ledger(Database db, LedgerKey key, String origin, Clock clock, boolean indexOnRecord, Path treeFile) {
    this.db = db;
    this.key = key;
    this.origin = origin;
    this.clock = clock;
    this.indexOnRecord = indexOnRecord;
    this.treeFile = treeFile;
    Loaded loaded = load();
    this.tree = loaded.tree();
    this.published = loaded.published();
    sequence();
    worker = new Thread(this::run, "liaison-ledger-sequencer");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Opens the ledger of {@code db}, signing with the key in {@code keyFile} (created if absent).
   * The embedded store indexes entries as they are recorded; PostgreSQL, which may serve several
   * hub instances, leaves indexing to the sequencer.
   *
   * @throws IllegalStateException when the stored log does not match the last checkpoint this key
   *     signed: entries were removed or rewritten, or the key was replaced
   */
  public static Ledger open(Database db, Path keyFile, String hubName, Clock clock) throws IOException {
    return open(db, keyFile, hubName, clock, null);
  }

  /**
   * As {@link #open(Database, Path, String, Clock)}, keeping the tree in {@code treeFile} between
   * runs: read (and deleted) at open when it matches the database, written at {@link #close}. Only
   * for a database that this process alone writes (the embedded store); null for none.
   */
  public static Ledger open(Database db, Path keyFile, String hubName, Clock clock, Path treeFile) throws IOException {
    String origin = "liaison/" + hubName;
    return new Ledger(db, KeyFiles.loadOrGenerate(keyFile, origin), origin, clock, !db.isPostgres(), treeFile);
  }

  /**
   * Opens the ledger of {@code db}, signing with {@code key}, which every instance sharing the
   * database must hold.
   */
  public static Ledger open(Database db, LedgerKey key, String hubName, Clock clock) {
    String origin = "liaison/" + hubName;
    return open(db, key.named(origin), origin, clock, !db.isPostgres());
  }

  static Ledger open(Database db, LedgerKey key, String origin, Clock clock, boolean indexOnRecord) {
    return new Ledger(db, key, origin, clock, indexOnRecord, null);
  }

  static Ledger open(Database db, LedgerKey key, String origin, Clock clock, Path treeFile) {
    return new Ledger(db, key, origin, clock, true, treeFile);
  }

  public String origin() {
    return origin;
  }

  public LedgerKey key() {
    return key;
  }

  Database db() {
    return db;
  }

  /** A fresh entry object holding {@code type}, {@code party} and {@code time}. */
  public ObjectNode entry(String type, String party, Instant time) {
    ObjectNode n = JSON.objectNode();
    n.put("type", type);
    n.put("party", party);
    n.put("time", time.toString());
    return n;
  }

  /**
   * Records {@code entries}, in order, in the caller's open transaction: the one call for every
   * writer. On the embedded store each gets its index here; otherwise the sequencer assigns it
   * once the transaction has committed. Receipts are signed only when asked for ({@link
   * Recorded#receipt}), after the commit and outside the database's write lock: a signature costs
   * more than the SQL.
   */
  public List<Recorded> record(Connection c, List<Prepared> entries) throws SQLException {
    Prepared[] prepared = entries.toArray(Prepared[]::new);
    Long[] indexes = insert(c, prepared);
    List<Recorded> out = new ArrayList<>(prepared.length);
    for (int i = 0; i < prepared.length; i++) {
      out.add(new Recorded(prepared[i], indexes[i]));
    }
    return out;
  }

  /** Records one entry built with {@link #entry}: {@link #record(Connection, List)} of it, prepared. */
  public Recorded record(Connection c, ObjectNode entry) throws SQLException {
    return record(c, List.of(prepare(entry))).get(0);
  }

  /**
   * An entry written in a transaction: what its receipt needs. {@link #receipt} signs it; callers
   * ask for it after their commit.
   */
  public final class Recorded {
    private final Prepared entry;
    private final Long index;

    private Recorded(Prepared entry, Long index) {
      this.entry = entry;
      this.index = index;
    }

    public byte[] leafHash() {
      return entry.leafHash.clone();
    }

    public Instant time() {
      return entry.time;
    }

    /** The entry's index if the writing transaction assigned it (the embedded store), else null. */
    public Long index() {
      return index;
    }

    /**
     * The hub's signed receipt. Asked for after the commit, it also wakes the sequencer, so a
     * checkpoint covering the entry follows within tens of milliseconds rather than at its next
     * tick.
     */
    public Receipt receipt() {
      nudge();
      return Receipt.sign(entry.leafHash, index, entry.time, key);
    }
  }

  /** An entry in its canonical bytes, ready to record. */
  public record Prepared(byte[] bytes, byte[] leafHash, String type, String party, Instant time) {}

  /**
   * Canonicalizes and hashes an entry built with {@link #entry}. A writer on a hot path does this
   * before its transaction, where a bad entry fails alone and hashing holds no lock.
   *
   * @throws IllegalArgumentException when the entry has no canonical form (RFC 8785)
   */
  public Prepared prepare(ObjectNode entry) {
    byte[] bytes = Canonical.canonicalize(entry);
    return new Prepared(bytes, Merkle.leafHash(bytes), entry.get("type").asText(),
        entry.get("party").asText(), UtcTime.parse(entry.get("time").asText()));
  }


  /**
   * Inserts prepared entries, in order, in the caller's open transaction. On the embedded store
   * each also gets its dense index here, which is returned; otherwise the indexes are null until
   * the sequencer assigns them after the commit.
   */
  private Long[] insert(Connection c, Prepared... entries) throws SQLException {
    Long[] indexes = new Long[entries.length];
    long next = -1;
    if (indexOnRecord) {
      // This transaction already holds SQLite's single write lock, so no other writer can take
      // the same index; if it rolls back, so does the index, and the log stays dense.
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_index")) {
        rs.next();
        next = rs.getLong(1);
      }
    }
    try (PreparedStatement ins = c.prepareStatement(
            "INSERT INTO ledger_entries (entry, leaf_hash, type, party, time_ms) VALUES (?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS);
        PreparedStatement idx = c.prepareStatement("INSERT INTO ledger_index (idx, seq) VALUES (?, ?)")) {
      for (int i = 0; i < entries.length; i++) {
        Prepared p = entries[i];
        ins.setBytes(1, p.bytes);
        ins.setBytes(2, p.leafHash);
        ins.setString(3, p.type);
        ins.setString(4, p.party);
        ins.setLong(5, p.time.toEpochMilli());
        if (!indexOnRecord) {
          // The sequencer indexes it later: no key to read back, so all entries go in one round trip.
          ins.addBatch();
          continue;
        }
        ins.executeUpdate();
        long seq;
        try (ResultSet keys = ins.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new SQLException("the database returned no seq for the new ledger entry");
          }
          seq = keys.getLong(1);
        }
        idx.setLong(1, next);
        idx.setLong(2, seq);
        idx.executeUpdate();
        indexes[i] = next++;
      }
      if (!indexOnRecord && entries.length > 0) {
        ins.executeBatch();
      }
    }
    return indexes;
  }

  /**
   * Wakes the sequencer after a commit, so a new checkpoint follows within tens of milliseconds
   * (at most one pass per {@value #MIN_PASS_INTERVAL_MS} ms) rather than at its next tick.
   */
  void nudge() {
    synchronized (wake) {
      pending = true;
      wake.notifyAll();
    }
  }

  private void run() {
    while (!closed) {
      synchronized (wake) {
        try {
          if (!pending) {
            wake.wait(IDLE_WAIT_MS);
          }
        } catch (InterruptedException e) {
          return;
        }
        pending = false;
      }
      try {
        while (sequence() == MAX_BATCH && !closed) {
          // a backlog: keep integrating without waiting
        }
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("ledger sequencing failed; will retry: {}", e.getMessage());
        }
      }
      try {
        Thread.sleep(MIN_PASS_INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private record Loaded(MerkleLog tree, Published published) {}

  /**
   * The tree, from the tree file when the database confirms it, else rebuilt from the index; either
   * way checked against the last checkpoint this hub signed. The file is deleted once read, so a
   * hub that stops without writing a new one (a crash) never leaves one behind.
   */
  private Loaded load() {
    long t0 = System.nanoTime();
    if (treeFile != null) {
      try {
        MerkleLog fromFile = TreeFile.read(treeFile, origin);
        long read = System.nanoTime();
        Loaded loaded = load(fromFile);
        log.info("ledger tree of {} entries read from {} in {} ms, {} more from the database, checked in {} ms",
            fromFile.size(), treeFile, (read - t0) / 1_000_000, loaded.tree().size() - fromFile.size(),
            (System.nanoTime() - read) / 1_000_000);
        return loaded;
      } catch (TreeFile.Refused e) {
        log.info("ledger tree file {} not used: {}; reading the stored entries", treeFile, e.getMessage());
      } finally {
        try {
          Files.deleteIfExists(treeFile);
        } catch (IOException e) {
          log.warn("cannot delete the ledger tree file {}: {}", treeFile, e.toString());
        }
      }
    }
    try {
      Loaded loaded = load(new MerkleLog());
      log.info("ledger tree of {} entries rebuilt from the database in {} ms", loaded.tree().size(),
          (System.nanoTime() - t0) / 1_000_000);
      return loaded;
    } catch (TreeFile.Refused e) {
      throw new IllegalStateException("unreachable: an empty tree is never refused", e);
    }
  }

  /**
   * Appends the indexed entries past {@code tree}'s size to it and checks the result against the
   * last checkpoint this hub signed. A non-empty {@code tree} comes from the tree file: its last leaf
   * must be the database's entry at that index, and a checkpoint must cover it, or it is refused.
   */
  private Loaded load(MerkleLog tree) throws TreeFile.Refused {
    long start = tree.size();
    // The transaction may run more than once (busy retries), so the tree is filled afterwards.
    List<byte[]> leaves = new ArrayList<>();
    byte[][] stored = {null};
    String lastNote = db.inTransaction(c -> {
      leaves.clear();
      if (start > 0) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq WHERE i.idx = ?")) {
          ps.setLong(1, start - 1);
          try (ResultSet rs = ps.executeQuery()) {
            stored[0] = rs.next() ? rs.getBytes(1) : null;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT i.idx, e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq"
              + " WHERE i.idx >= ? ORDER BY i.idx")) {
        ps.setLong(1, start);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            requireDense(rs.getLong(1), start + leaves.size());
            leaves.add(rs.getBytes(2));
          }
        }
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1")) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
    if (start > 0) {
      if (stored[0] == null) {
        throw new TreeFile.Refused("it holds " + start + " entries, the database fewer");
      }
      if (!Arrays.equals(stored[0], tree.leafHash(start - 1))) {
        throw new TreeFile.Refused("its last leaf is not the database's entry " + (start - 1));
      }
    }
    leaves.forEach(tree::append);
    leaves.clear();
    if (lastNote == null) {
      if (start > 0) {
        throw new TreeFile.Refused("the database holds no signed checkpoint to check it against");
      }
      return new Loaded(tree, null);
    }
    Checkpoint last;
    try {
      last = SignedNote.verify(lastNote, key.verifierKey());
    } catch (VerificationException e) {
      throw new IllegalStateException("the last stored ledger checkpoint does not verify with the ledger key "
          + key.vkey() + " (" + e.getMessage() + "); was the key file replaced?", e);
    }
    if (!last.origin().equals(origin)) {
      throw new IllegalStateException("the stored ledger belongs to origin " + last.origin()
          + ", not " + origin + "; start the hub with the name it had");
    }
    if (start > 0 && last.size() < start) {
      throw new TreeFile.Refused("it holds " + start + " entries, the last signed checkpoint only " + last.size());
    }
    if (last.size() > tree.size()) {
      if (start > 0) {
        throw new TreeFile.Refused("the last signed checkpoint covers " + last.size() + " entries, the tree "
            + tree.size());
      }
      throw new IllegalStateException("the ledger database holds " + tree.size()
          + " indexed entries but this hub signed a checkpoint of size " + last.size() + ": entries were removed");
    }
    if (!Arrays.equals(tree.root(last.size()), last.root())) {
      if (start > 0) {
        throw new TreeFile.Refused("its root at size " + last.size() + " is not the one this hub signed");
      }
      throw new IllegalStateException("the ledger database does not match the checkpoint this hub signed at size "
          + last.size() + ": signed root " + B64.encode(last.root()) + ", stored entries give "
          + B64.encode(tree.root(last.size())) + "; the stored log was rewritten");
    }
    return new Loaded(tree, new Published(last, lastNote));
  }

  private static void requireDense(long idx, long expected) {
    if (idx != expected) {
      throw new IllegalStateException("ledger index is not dense: found index " + idx + " where " + expected
          + " was expected");
    }
  }

  /**
   * Integrates every committed entry into the tree and publishes a checkpoint of the new size.
   * Entries already indexed (by {@link #record} or another instance) are read back; entries not
   * yet indexed get the next indexes. Memory changes only after the database has committed.
   *
   * @return how many entries were integrated
   */
  public int sequence() {
    synchronized (tree) {
      long start = tree.size();
      boolean sweep = !indexOnRecord || !swept;
      List<byte[]> leaves = db.inTransaction(c -> indexed(c, start, sweep));
      if (sweep && leaves.size() < MAX_BATCH) {
        swept = true;
      }
      for (byte[] leaf : leaves) {
        tree.append(leaf);
      }
      Published current = published;
      if (current == null || current.checkpoint().size() != tree.size()) {
        publish();
      }
      sequencedAtMs = clock.millis();
      return leaves.size();
    }
  }

  /**
   * Leaf hashes from index {@code start} on: those indexed already, then, with {@code sweep},
   * entries not yet indexed, which get the next indexes.
   */
  private List<byte[]> indexed(Connection c, long start, boolean sweep) throws SQLException {
    List<byte[]> leaves = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT i.idx, e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq"
            + " WHERE i.idx >= ? ORDER BY i.idx LIMIT " + MAX_BATCH)) {
      ps.setLong(1, start);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          requireDense(rs.getLong(1), start + leaves.size());
          leaves.add(rs.getBytes(2));
        }
      }
    }
    if (leaves.size() == MAX_BATCH || !sweep || (db.isPostgres() && !holdLease(c))) {
      return leaves;
    }
    List<Long> seqs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT e.seq, e.leaf_hash FROM ledger_entries e LEFT JOIN ledger_index i ON i.seq = e.seq"
            + " WHERE i.seq IS NULL ORDER BY e.seq LIMIT " + (MAX_BATCH - leaves.size()));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        seqs.add(rs.getLong(1));
        leaves.add(rs.getBytes(2));
      }
    }
    if (!seqs.isEmpty()) {
      long first = start + leaves.size() - seqs.size();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_index (idx, seq) VALUES (?, ?)")) {
        for (int i = 0; i < seqs.size(); i++) {
          ps.setLong(1, first + i);
          ps.setLong(2, seqs.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return leaves;
  }

  /**
   * Takes or renews the sequencer lease. Only its holder assigns indexes, and it checks the lease
   * in the very transaction that assigns them, so two instances never both do. Times are the
   * database's, so instances' clocks need not agree.
   */
  private boolean holdLease(Connection c) throws SQLException {
    boolean held;
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE ledger_lease SET holder = ?, expires_at = CURRENT_TIMESTAMP + INTERVAL '" + LEASE_SECONDS
            + " seconds' WHERE id = 1 AND (holder = ? OR expires_at < CURRENT_TIMESTAMP)")) {
      ps.setString(1, instance);
      ps.setString(2, instance);
      held = ps.executeUpdate() == 1;
    }
    if (held != sequencer) {
      log.info(held ? "this instance now sequences the ledger" : "another instance sequences the ledger");
      sequencer = held;
    }
    return held;
  }

  /** Whether this instance assigns ledger indexes: always on the embedded store (one instance). */
  public boolean isSequencer() {
    return !db.isPostgres() || sequencer;
  }

  /** Signs the tree as it is, stores the note, then publishes it. Caller holds the tree lock. */
  private void publish() {
    Checkpoint head = new Checkpoint(origin, tree.size(), tree.root());
    String note = SignedNote.sign(head.toBody(), key);
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO ledger_checkpoints (size, note) VALUES (?, ?) ON CONFLICT (size) DO NOTHING")) {
        ps.setLong(1, head.size());
        ps.setString(2, note);
        ps.executeUpdate();
      }
      return null;
    });
    published = new Published(head, note);
  }

  /** Committed entries not yet in the published checkpoint, and when the oldest was written. */
  public record Backlog(long entries, Instant oldest) {}

  /**
   * What the sequencer still has to do: entries that have committed but are not yet covered by
   * the published checkpoint. One or two queries; meant for a metrics scrape, not a hot path.
   */
  public Backlog backlog() {
    long published = this.published == null ? 0 : this.published.checkpoint().size();
    return db.inTransaction(c -> {
      long n = 0;
      long oldest = Long.MAX_VALUE;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(e.time_ms) FROM ledger_index i"
          + " JOIN ledger_entries e ON e.seq = i.seq WHERE i.idx >= ?")) {
        ps.setLong(1, published);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          n += rs.getLong(1);
          oldest = rs.getObject(2) == null ? oldest : rs.getLong(2);
        }
      }
      if (!indexOnRecord) {
        // The same anti-join the sequencer runs on every pass.
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(e.time_ms)"
            + " FROM ledger_entries e LEFT JOIN ledger_index i ON i.seq = e.seq WHERE i.seq IS NULL")) {
          rs.next();
          n += rs.getLong(1);
          oldest = rs.getObject(2) == null ? oldest : Math.min(oldest, rs.getLong(2));
        }
      }
      return new Backlog(n, n == 0 ? null : Instant.ofEpochMilli(oldest));
    });
  }

  /** When the sequencer last finished a pass; it passes at least every 200 ms while healthy. */
  public Instant lastSequenced() {
    return Instant.ofEpochMilli(sequencedAtMs);
  }

  /** The latest signed checkpoint and its note. */
  public Published published() {
    return published;
  }

  /** The latest signed checkpoint note. */
  public String checkpointNote() {
    return published.note();
  }

  /**
   * This log's signed note for the tree as it was at {@code treeSize} leaves: the stored one when
   * there is one, since signing costs far more than reading it back.
   */
  public String noteAt(long treeSize) {
    Published p = published;
    if (p.checkpoint().size() == treeSize) {
      return p.note();
    }
    Checkpoint head = new Checkpoint(origin, treeSize, tree.root(treeSize));
    String stored = db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT note FROM ledger_checkpoints WHERE size = ?")) {
        ps.setLong(1, treeSize);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    // Ed25519 signatures are deterministic, so a stored note for this head equals a fresh one.
    return stored != null && stored.startsWith(head.toBody() + "\n") ? stored : SignedNote.sign(head.toBody(), key);
  }

  /** Entries integrated into the tree so far; the published checkpoint may lag by one batch. */
  public long size() {
    return tree.size();
  }

  public MerkleLog tree() {
    return tree;
  }

  /** Entries [start, end) by index; the caller keeps {@code end} within {@link #size()}. */
  public List<LogEntry> entries(long start, long end) {
    return db.inTransaction(c -> {
      List<LogEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT i.idx, e.entry, e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq"
              + " WHERE i.idx >= ? AND i.idx < ? ORDER BY i.idx")) {
        ps.setLong(1, start);
        ps.setLong(2, end);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new LogEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
          }
        }
      }
      return out;
    });
  }

  /** The lowest index, within the tree, of an entry with this leaf hash. */
  public Optional<Long> indexOf(byte[] leafHash) {
    long size = tree.size();
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MIN(i.idx) FROM ledger_entries e JOIN ledger_index i ON i.seq = e.seq"
              + " WHERE e.leaf_hash = ? AND i.idx < ?")) {
        ps.setBytes(1, leafHash);
        ps.setLong(2, size);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long idx = rs.getLong(1);
          return rs.wasNull() ? Optional.<Long>empty() : Optional.of(idx);
        }
      }
    });
  }

  /** Indexed entries matching an inquiry; null arguments match anything. At most {@code limit}. */
  public List<LogEntry> search(String party, String type, Instant from, Instant to, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("search limit must not be negative, was " + limit);
    }
    long size = tree.size();
    return db.inTransaction(c -> {
      StringBuilder sql = new StringBuilder(
          "SELECT i.idx, e.entry, e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq"
              + " WHERE i.idx < ?");
      List<Object> args = new ArrayList<>();
      args.add(size);
      if (party != null) {
        sql.append(" AND e.party = ?");
        args.add(party);
      }
      if (type != null) {
        sql.append(" AND e.type = ?");
        args.add(type);
      }
      if (from != null) {
        sql.append(" AND e.time_ms >= ?");
        args.add(from.toEpochMilli());
      }
      if (to != null) {
        sql.append(" AND e.time_ms < ?");
        args.add(to.toEpochMilli());
      }
      sql.append(" ORDER BY i.idx LIMIT ").append(limit);
      List<LogEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new LogEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
          }
        }
      }
      return out;
    });
  }

  public Instant now() {
    return clock.instant();
  }


  /**
   * Integrates what is left, so a checkpoint covers the whole tree, then writes the tree file. A
   * failure only costs the next start its time.
   */
  private void writeTreeFile() {
    long t0 = System.nanoTime();
    try {
      sequence();
      synchronized (tree) {
        Published p = published;
        long size = tree.size();
        if (p == null || p.checkpoint().size() != size) {
          log.warn("no ledger tree file written: no checkpoint covers the whole tree");
          return;
        }
        TreeFile.write(treeFile, tree, size, origin);
        log.info("ledger tree file {} written in {} ms ({} entries)", treeFile, (System.nanoTime() - t0) / 1_000_000,
            size);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("no ledger tree file written ({}); the next start reads the stored entries", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      // The database closes next; let a running sequencing transaction finish first.
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (treeFile != null && !worker.isAlive()) {
      writeTreeFile();
    }
    if (sequencer && db.isPostgres()) {
      // Hand over at once rather than after the lease lapses.
      try {
        db.inTransaction(c -> {
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE ledger_lease SET expires_at = TIMESTAMPTZ '1970-01-01 00:00:00+00' WHERE id = 1 AND holder = ?")) {
            ps.setString(1, instance);
            return ps.executeUpdate();
          }
        });
      } catch (RuntimeException e) {
        log.warn("could not release the sequencer lease; another instance takes over when it lapses: {}",
            e.getMessage());
      }
    }
  }
}
