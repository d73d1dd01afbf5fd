package org.liaison.agreements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of agreements: one row per agreement, per version, and per party of a version. */
final class AgreementStore {

  /** An agreement with every version, oldest first. */
  record Stored(String id, String proposedBy, Instant created, int latestVersion, String withdrawnBy,
      Instant withdrawn, String withdrawLeaf, List<Version> versions) {
    Version latest() {
      return versions.get(versions.size() - 1);
    }

    /** The newest version every party accepted, or null. */
    Version inForce() {
      if (withdrawn != null) {
        return null;
      }
      for (int i = versions.size() - 1; i >= 0; i--) {
        if (versions.get(i).inForce() != null) {
          return versions.get(i);
        }
      }
      return null;
    }

    String status() {
      return withdrawn != null ? "withdrawn" : inForce() != null ? "in_force" : "proposed";
    }
  }

  /**
   * One version of the document and who accepted it when ({@code accepted}: party to time, null
   * while pending; {@code acceptLeaves}: party to the leaf hash of its acceptance).
   */
  record Version(int version, String document, String sha256, String proposedBy, Instant proposed, Instant inForce,
      String proposeLeaf, Map<String, Instant> accepted, Map<String, String> acceptLeaves) {}

  void insert(Connection c, String id, String by, Instant now) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "INSERT INTO agreements (id, proposed_by, created_ms, latest_version) VALUES (?, ?, ?, 0)")) {
      st.setString(1, id);
      st.setString(2, by);
      st.setLong(3, now.toEpochMilli());
      st.executeUpdate();
    }
  }

  void addVersion(Connection c, String id, int version, String doc, String sha, String by, Instant now, String leaf,
      List<String> parties) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO agreement_versions (agreement_id, version, document,"
        + " document_sha256, proposed_by, proposed_ms, propose_leaf) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      st.setString(1, id);
      st.setInt(2, version);
      st.setString(3, doc);
      st.setString(4, sha);
      st.setString(5, by);
      st.setLong(6, now.toEpochMilli());
      st.setString(7, leaf);
      st.executeUpdate();
    }
    try (PreparedStatement st = c.prepareStatement(
        "INSERT INTO agreement_parties (agreement_id, version, party) VALUES (?, ?, ?)")) {
      for (String p : parties) {
        st.setString(1, id);
        st.setInt(2, version);
        st.setString(3, p);
        st.addBatch();
      }
      st.executeBatch();
    }
    try (PreparedStatement st = c.prepareStatement("UPDATE agreements SET latest_version = ? WHERE id = ?")) {
      st.setInt(1, version);
      st.setString(2, id);
      st.executeUpdate();
    }
  }

  void accept(Connection c, String id, int version, String party, Instant now, String leaf) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("UPDATE agreement_parties SET accepted_ms = ?, accept_leaf = ?"
        + " WHERE agreement_id = ? AND version = ? AND party = ?")) {
      st.setLong(1, now.toEpochMilli());
      st.setString(2, leaf);
      st.setString(3, id);
      st.setInt(4, version);
      st.setString(5, party);
      st.executeUpdate();
    }
  }

  void inForce(Connection c, String id, int version, Instant now) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "UPDATE agreement_versions SET in_force_ms = ? WHERE agreement_id = ? AND version = ?")) {
      st.setLong(1, now.toEpochMilli());
      st.setString(2, id);
      st.setInt(3, version);
      st.executeUpdate();
    }
  }

  void withdraw(Connection c, String id, String by, Instant now, String leaf) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "UPDATE agreements SET withdrawn_by = ?, withdrawn_ms = ?, withdraw_leaf = ? WHERE id = ?")) {
      st.setString(1, by);
      st.setLong(2, now.toEpochMilli());
      st.setString(3, leaf);
      st.setString(4, id);
      st.executeUpdate();
    }
  }

  /** The agreement, or null. */
  Stored get(Connection c, String id) throws SQLException {
    List<Stored> l = load(c, "WHERE id = ?", id);
    return l.isEmpty() ? null : l.get(0);
  }

  /** Every agreement, oldest first. */
  List<Stored> all(Connection c) throws SQLException {
    return load(c, "", null);
  }

  private List<Stored> load(Connection c, String where, String arg) throws SQLException {
    List<Stored> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("SELECT id, proposed_by, created_ms, latest_version, withdrawn_by,"
        + " withdrawn_ms, withdraw_leaf FROM agreements " + where + " ORDER BY created_ms, id")) {
      if (arg != null) {
        st.setString(1, arg);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long w = rs.getLong(6);
          boolean withdrawn = !rs.wasNull();
          out.add(new Stored(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4),
              rs.getString(5), withdrawn ? Instant.ofEpochMilli(w) : null, rs.getString(7), new ArrayList<>()));
        }
      }
    }
    for (Stored s : out) {
      s.versions().addAll(versions(c, s.id()));
    }
    return out;
  }

  private List<Version> versions(Connection c, String id) throws SQLException {
    List<Version> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("SELECT version, document, document_sha256, proposed_by,"
        + " proposed_ms, in_force_ms, propose_leaf FROM agreement_versions WHERE agreement_id = ? ORDER BY version")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long f = rs.getLong(6);
          Instant inForce = rs.wasNull() ? null : Instant.ofEpochMilli(f);
          out.add(new Version(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
              Instant.ofEpochMilli(rs.getLong(5)), inForce, rs.getString(7), new LinkedHashMap<>(),
              new LinkedHashMap<>()));
        }
      }
    }
    try (PreparedStatement st = c.prepareStatement("SELECT version, party, accepted_ms, accept_leaf"
        + " FROM agreement_parties WHERE agreement_id = ? ORDER BY version, party")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Version v = out.get(rs.getInt(1) - 1);
          String party = rs.getString(2);
          long a = rs.getLong(3);
          v.accepted().put(party, rs.wasNull() ? null : Instant.ofEpochMilli(a));
          if (rs.getString(4) != null) {
            v.acceptLeaves().put(rs.getString(2), rs.getString(4));
          }
        }
      }
    }
    return out;
  }
}
