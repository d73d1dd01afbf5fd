package org.liaison.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's verifiable record: an RFC 9162 Merkle log over canonical JSON entries, kept in the
 * hub's database.
 *
 * <p>{@link #record} writes an entry inside the caller's transaction, so there is no change
 * without its entry and no entry without its change. {@link #sequence} then gives committed
 * entries their dense indexes, appends them to the in-memory tree and signs a checkpoint. One
 * sequencer runs per database.
 */
public final class Ledger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ledger.class);
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A stored entry with its dense index. */
  public record Entry(long index, byte[] entry, byte[] leafHash) {}

  private final Database db;
  private final LedgerKey key;
  private final String origin;
  private final Clock clock;
  private final MerkleLog tree = new MerkleLog();
  private final Object sequencer = new Object();
  private volatile String note;
  private final Thread worker;
  private volatile boolean closed;

  private Ledger(Database db, LedgerKey key, String origin, Clock clock) {
    this.db = db;
    this.key = key;
    this.origin = origin;
    this.clock = clock;
    load();
    sequence();
    // A maximum merge delay well under one second, even if no writer nudges us.
    worker = new Thread(this::run, "liaison-ledger-sequencer");
    worker.setDaemon(true);
    worker.start();
  }

  /** Opens the ledger of {@code db}, signing with the key in {@code keyFile} (created if absent). */
  public static Ledger open(Database db, Path keyFile, String hubName, Clock clock) throws IOException {
    LedgerKey key = LedgerKey.loadOrGenerate(keyFile, "liaison/" + hubName);
    return new Ledger(db, key, "liaison/" + hubName, clock);
  }

  public String origin() {
    return origin;
  }

  public LedgerKey key() {
    return key;
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
   * Writes {@code entry} (built with {@link #entry}) in the caller's open transaction and returns
   * the hub's signed receipt. The index is assigned once the transaction has committed.
   */
  public Receipt record(Connection c, ObjectNode entry) throws SQLException {
    Prepared p = prepare(entry);
    insert(c, p);
    return receipt(p);
  }

  /** An entry in its canonical bytes, ready to insert; built outside any transaction. */
  public record Prepared(byte[] bytes, byte[] leafHash, String type, String party, Instant time) {}

  /** Canonicalizes and hashes an entry built with {@link #entry}. */
  public Prepared prepare(ObjectNode entry) {
    byte[] bytes = Canonical.canonicalize(entry);
    return new Prepared(bytes, Merkle.leafHash(bytes), entry.get("type").asText(),
        entry.get("party").asText(), Instant.parse(entry.get("time").asText()));
  }

  /** Inserts prepared entries in the caller's open transaction, as one batch. */
  public void insert(Connection c, Prepared... entries) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO ledger_entries (entry, leaf_hash, type, party, time_ms) VALUES (?, ?, ?, ?, ?)")) {
      for (Prepared p : entries) {
        ps.setBytes(1, p.bytes);
        ps.setBytes(2, p.leafHash);
        ps.setString(3, p.type);
        ps.setString(4, p.party);
        ps.setLong(5, p.time.toEpochMilli());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The hub's signed receipt for an entry; sign after commit, outside the transaction. */
  public Receipt receipt(Prepared p) {
    return Receipt.sign(p.leafHash, null, p.time, key);
  }

  /** Wakes the sequencer after a commit, so a single instance integrates at once. */
  public void nudge() {
    synchronized (sequencer) {
      sequencer.notifyAll();
    }
  }

  private void run() {
    while (!closed) {
      synchronized (sequencer) {
        try {
          sequencer.wait(200);
        } catch (InterruptedException e) {
          return;
        }
      }
      try {
        sequence();
      } catch (RuntimeException e) {
        log.warn("ledger sequencing failed; will retry: {}", e.getMessage());
      }
    }
  }

  private void load() {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq ORDER BY i.idx");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tree.append(rs.getBytes(1));
        }
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1")) {
        note = rs.next() ? rs.getString(1) : null;
      }
      return null;
    });
    if (note == null || tree.size() > 0 && !note.contains("\n" + tree.size() + "\n")) {
      note = SignedNote.sign(new Checkpoint(origin, tree.size(), tree.root()).toBody(), key);
    }
  }

  /** Indexes every committed, unindexed entry in order, and signs a new checkpoint. */
  public void sequence() {
    synchronized (tree) {
      List<byte[]> leaves = new ArrayList<>();
      long start = tree.size();
      db.inTransaction(c -> {
        leaves.clear();
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT e.seq, e.leaf_hash FROM ledger_entries e LEFT JOIN ledger_index i ON i.seq = e.seq"
                + " WHERE i.seq IS NULL ORDER BY e.seq LIMIT 50000");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seqs.add(rs.getLong(1));
            leaves.add(rs.getBytes(2));
          }
        }
        if (seqs.isEmpty()) {
          return null;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_index (idx, seq) VALUES (?, ?)")) {
          for (int i = 0; i < seqs.size(); i++) {
            ps.setLong(1, start + i);
            ps.setLong(2, seqs.get(i));
            ps.addBatch();
          }
          ps.executeBatch();
        }
        MerkleLog probe = tree;
        byte[] root = rootAfter(probe, leaves);
        String signed = SignedNote.sign(new Checkpoint(origin, start + leaves.size(), root).toBody(), key);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_checkpoints (size, note) VALUES (?, ?)")) {
          ps.setLong(1, start + leaves.size());
          ps.setString(2, signed);
          ps.executeUpdate();
        }
        return null;
      });
      if (leaves.isEmpty()) {
        return;
      }
      for (byte[] leaf : leaves) {
        tree.append(leaf);
      }
      note = SignedNote.sign(new Checkpoint(origin, tree.size(), tree.root()).toBody(), key);
    }
  }

  /** The root the tree would have after appending {@code leaves}, without changing it. */
  private static byte[] rootAfter(MerkleLog tree, List<byte[]> leaves) {
    MerkleLog copy = new MerkleLog();
    for (long i = 0; i < tree.size(); i++) {
      copy.append(tree.leafHash(i));
    }
    leaves.forEach(copy::append);
    return copy.root();
  }

  /** The latest signed checkpoint note. */
  public String checkpointNote() {
    return note;
  }

  public long size() {
    return tree.size();
  }

  public MerkleLog tree() {
    return tree;
  }

  /** Entries [start, end) by index. */
  public List<Entry> entries(long start, long end) {
    return db.inTransaction(c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT i.idx, e.entry, e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq"
              + " WHERE i.idx >= ? AND i.idx < ? ORDER BY i.idx")) {
        ps.setLong(1, start);
        ps.setLong(2, end);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
          }
        }
      }
      return out;
    });
  }

  /** Indexed entries matching an inquiry; null arguments match anything. At most {@code limit}. */
  public List<Entry> search(String party, String type, Instant from, Instant to, int limit) {
    return db.inTransaction(c -> {
      StringBuilder sql = new StringBuilder(
          "SELECT i.idx, e.entry, e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq WHERE 1 = 1");
      List<Object> args = new ArrayList<>();
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
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
          }
        }
      }
      return out;
    });
  }

  public Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
