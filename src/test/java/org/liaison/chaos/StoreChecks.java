package org.liaison.chaos;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.liaison.ledger.LedgerAudit;
import org.liaison.ledger.LedgerClient;
import org.liaison.proof.LogVerifier;

/** Checks of a hub's stores after a fault: the SQLite file's own integrity check and the ledger's proofs. */
public final class StoreChecks {
  private StoreChecks() {}

  /** {@code PRAGMA integrity_check} of an embedded store (the hub must be stopped): {@code [ok]} when sound. */
  public static List<String> sqliteIntegrity(Path dataDir) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hub.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Downloads the hub's whole ledger and checks every leaf, the signed root and the signature. */
  public static LogVerifier.Result verifyLedger(URI hub) throws IOException {
    String token = LedgerClient.devToken(hub, "chaos-auditor", "liaison.ledger.read");
    return LedgerAudit.verifyHub(new LedgerClient(hub, token), Optional.empty(), Optional.empty(),
        LedgerAudit.Progress.NONE);
  }
}
