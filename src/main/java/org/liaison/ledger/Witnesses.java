package org.liaison.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.liaison.errors.ApiException;
import org.liaison.proof.B64;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.Cosignature;
import org.liaison.proof.Receipt;
import org.liaison.proof.SignedNote;
import org.liaison.proof.VerificationException;
import org.liaison.proof.WitnessKey;

/**
 * The parties' witness keys and the cosignatures their witnesses sent. A cosignature is accepted
 * only for a checkpoint of this log (same origin, and the root this log had at that size) and only
 * if it verifies under the key its party registered.
 */
final class Witnesses {
  /** Cosignature timestamps may run ahead of the hub's clock by at most the DSS clock skew. */
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  /** A registered witness. */
  record Registered(String party, WitnessKey key) {}

  /** The newest checkpoint that witnesses cosigned: the hub's note plus their lines. */
  record Cosigned(long size, String note, List<String> parties) {}

  private final Ledger ledger;

  Witnesses(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Registers (or replaces) {@code party}'s witness key, recording it in the ledger. */
  Receipt register(String party, WitnessKey key) {
    return ledger.db().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO ledger_witnesses (party, vkey, registered_ms) VALUES (?, ?, ?)"
              + " ON CONFLICT (party) DO UPDATE SET vkey = excluded.vkey, registered_ms = excluded.registered_ms")) {
        ps.setString(1, party);
        ps.setString(2, key.vkey());
        ps.setLong(3, ledger.now().toEpochMilli());
        ps.executeUpdate();
      }
      return ledger.record(c, ledger.entry("witness.register", party, ledger.now()).put("vkey", key.vkey()));
    }).receipt();
  }

  Optional<WitnessKey> keyOf(String party) {
    return ledger.db().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT vkey FROM ledger_witnesses WHERE party = ?")) {
        ps.setString(1, party);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(WitnessKey.parse(rs.getString(1))) : Optional.<WitnessKey>empty();
        }
      }
    });
  }

  List<Registered> all() {
    return ledger.db().inTransaction(c -> {
      List<Registered> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT party, vkey FROM ledger_witnesses ORDER BY party");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Registered(rs.getString(1), WitnessKey.parse(rs.getString(2))));
        }
      }
      return out;
    });
  }

  /**
   * Checks and stores {@code party}'s cosignature line on {@code checkpointText} (a checkpoint
   * body, or a note carrying one) and returns the hub's note for that size with the line added.
   */
  String accept(String party, String checkpointText, String line) {
    WitnessKey key = keyOf(party).orElseThrow(() -> ApiException.forbidden(
        "party %s has no registered witness key; PUT /liaison/v1/ledger/witnesses/%s first", party, party));
    Checkpoint cp = checkpointOf(checkpointText);
    if (!cp.origin().equals(ledger.origin())) {
      throw ApiException.badRequest("checkpoint origin \"%s\" is not this log's origin \"%s\"", cp.origin(), ledger.origin());
    }
    long size = ledger.size();
    if (cp.size() > size) {
      throw ApiException.badRequest("checkpoint tree size %d is beyond this log's size %d", cp.size(), size);
    }
    byte[] ours = ledger.tree().root(cp.size());
    if (!Arrays.equals(ours, cp.root())) {
      throw ApiException.conflict("checkpoint root %s is not this log's root %s at size %d",
          B64.encode(cp.root()), B64.encode(ours), cp.size());
    }
    if (line == null || !line.startsWith(SignedNote.SIGNATURE_PREFIX)) {
      throw ApiException.badRequest("cosignature must be one signature line \"\u2014 <name> <base64>\"");
    }
    String oneLine = line.endsWith("\n") ? line : line + "\n";
    if (oneLine.indexOf('\n') != oneLine.length() - 1) {
      throw ApiException.badRequest("cosignature must be exactly one line, got %d", oneLine.split("\n").length);
    }
    String note = ledger.noteAt(cp.size());
    Cosignature cosignature;
    try {
      cosignature = Cosignature.verify(note + oneLine, key.name(), key.publicKey());
    } catch (VerificationException e) {
      throw ApiException.badRequest("cosignature does not verify under %s's witness key %s: %s",
          party, key.vkey(), e.getMessage());
    }
    long latest = ledger.now().plus(MAX_SKEW).getEpochSecond();
    if (cosignature.timestamp() > latest) {
      throw ApiException.badRequest("cosignature timestamp %d is more than %d minutes ahead of the hub's clock",
          cosignature.timestamp(), MAX_SKEW.toMinutes());
    }
    ledger.db().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO ledger_cosignatures (size, party, cosigned_at, line) VALUES (?, ?, ?, ?)"
              + " ON CONFLICT (size, party) DO UPDATE SET cosigned_at = excluded.cosigned_at, line = excluded.line")) {
        ps.setLong(1, cp.size());
        ps.setString(2, party);
        ps.setLong(3, cosignature.timestamp());
        ps.setString(4, oneLine);
        ps.executeUpdate();
      }
      return null;
    });
    return cosignedAt(cp.size()).note();
  }

  /** The newest checkpoint with at least one cosignature. */
  Optional<Cosigned> latest() {
    Long size = ledger.db().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(size) FROM ledger_cosignatures");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        long s = rs.getLong(1);
        return rs.wasNull() ? null : s;
      }
    });
    return size == null || size > ledger.size() ? Optional.empty() : Optional.of(cosignedAt(size));
  }

  private Cosigned cosignedAt(long size) {
    return ledger.db().inTransaction(c -> {
      StringBuilder note = new StringBuilder(ledger.noteAt(size));
      List<String> parties = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT party, line FROM ledger_cosignatures WHERE size = ? ORDER BY party")) {
        ps.setLong(1, size);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && parties.size() < SignedNote.MAX_SIGNATURES - 1) {
            parties.add(rs.getString(1));
            note.append(rs.getString(2));
          }
        }
      }
      return new Cosigned(size, note.toString(), parties);
    });
  }

  /** The checkpoint in a bare body or in a signed note (whose signatures are not needed here). */
  private static Checkpoint checkpointOf(String text) {
    if (text == null || text.isEmpty()) {
      throw ApiException.badRequest("checkpoint is missing: give the checkpoint note that was cosigned");
    }
    String body = text;
    int blank = text.indexOf("\n\n");
    if (blank >= 0) {
      body = text.substring(0, blank + 1);
    }
    try {
      return Checkpoint.parse(body);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("checkpoint is malformed: %s", e.getMessage());
    }
  }
}
