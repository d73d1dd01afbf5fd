package org.liaison.admin;

import org.liaison.proof.LogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.liaison.ledger.Ledger;
import org.liaison.proof.LogVerifier;
import org.liaison.proof.VerifierKey;

/**
 * The ledger check that ends a restore: the entries in the database, in index order, must
 * recompute the latest signed checkpoint, under the ledger's key. It runs {@link LogVerifier}, the
 * same code as {@code liaison ledger verify}, over the rows instead of over HTTP.
 */
final class LedgerCheck {
  private static final int PAGE = 4096;

  private LedgerCheck() {}

  /**
   * The verdict, and what the verifier does not see: entries indexed after the checkpoint, and
   * entries not indexed yet (PostgreSQL leaves that to the sequencer). The hub signs both when it
   * starts.
   */
  record Outcome(LogVerifier.Result result, long entries, long beyondCheckpoint, long unindexed) {
    boolean ok() {
      return result == null || result.ok();
    }
  }

  /** Checks the ledger that {@code c} sees; {@code key} may be null only when there is no checkpoint. */
  static Outcome run(Connection c, VerifierKey key) throws SQLException {
    long entries = count(c, "SELECT COUNT(*) FROM ledger_entries");
    long indexed = count(c, "SELECT COUNT(*) FROM ledger_index");
    String note;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1")) {
      note = rs.next() ? rs.getString(1) : null;
    }
    if (note == null) {
      return new Outcome(null, entries, indexed, entries - indexed);
    }
    if (key == null) {
      throw new BackupException("the ledger has a signed checkpoint but no key to check it with; give --key VKEY"
          + " (GET /liaison/v1/ledger/key on the hub shows it)");
    }
    LogVerifier v = new LogVerifier(key, note);
    long n = v.treeSize();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT i.idx, e.entry, e.leaf_hash FROM ledger_index i JOIN ledger_entries e ON e.seq = i.seq"
            + " WHERE i.idx < ? ORDER BY i.idx")) {
      ps.setLong(1, n);
      ps.setFetchSize(PAGE);
      try (ResultSet rs = ps.executeQuery()) {
        List<LogEntry> page = new ArrayList<>(PAGE);
        boolean more = true;
        while (more) {
          more = rs.next();
          if (more) {
            page.add(new LogEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
          }
          if (page.size() == PAGE || !more && !page.isEmpty()) {
            try {
              LogVerifier.check(page).forEach(v::add);
            } catch (IllegalArgumentException gap) {
              v.fail("the ledger index is not dense: " + gap.getMessage());
              break;
            }
            page.clear();
          }
        }
      }
    }
    return new Outcome(v.finish(), entries, Math.max(0, indexed - n), entries - indexed);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
