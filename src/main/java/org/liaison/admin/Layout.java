package org.liaison.admin;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of a hub's database as the migrations left them: names, columns and the kind of
 * value each column holds, ordered so that every table comes after the tables its foreign keys
 * point at. Read from the database itself, so a table added by a later migration is backed up
 * without anyone listing it here; Flyway's own history table is left out (restore runs the
 * migrations instead).
 */
record Layout(List<Table> tables) {
  static final String FLYWAY_HISTORY = "flyway_schema_history";
  /**
   * How running hub instances coordinate on PostgreSQL (lock stripes, the shared change log and
   * its head, the sequencer lease): not data. The migrations create them afresh, and instances
   * started on a restored store load from the tables.
   */
  static final Set<String> COORDINATION = Set.of("dss_stripes", "dss_log_head", "dss_changes", "ledger_lease");

  /** What a column holds, independent of the vendor's type names. */
  enum Kind {
    INT, REAL, DECIMAL, BOOL, BYTES, TEXT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label().equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown column kind \"" + label + "\"");
    }

    static Kind ofSqlType(int type) {
      return switch (type) {
        case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> INT;
        case Types.REAL, Types.FLOAT, Types.DOUBLE -> REAL;
        case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
        case Types.BOOLEAN, Types.BIT -> BOOL;
        case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BYTES;
        default -> TEXT;
      };
    }
  }

  record Column(String name, Kind kind, int sqlType) {}

  record Table(String name, List<Column> columns, List<String> primaryKey) {
    String quoted() {
      return quote(name);
    }

    String columnList() {
      return String.join(", ", columns.stream().map(c -> quote(c.name())).toList());
    }

    /** Names and kinds, for comparing a backup's table with a target's. */
    String signature() {
      return name + "(" + String.join(", ", columns.stream().map(c -> c.name() + " " + c.kind().label()).toList()) + ")";
    }
  }

  Table table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Reads the layout of the database {@code c} is connected to. */
  static Layout read(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema = c.getSchema();
    Set<String> names = new TreeSet<>();
    try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals(FLYWAY_HISTORY) && !lower.startsWith("sqlite_") && !COORDINATION.contains(lower)) {
          names.add(name);
        }
      }
    }
    Map<String, Table> byName = new TreeMap<>();
    Map<String, Set<String>> dependsOn = new TreeMap<>();
    for (String name : names) {
      List<Column> columns = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + quote(name) + " WHERE 1 = 0")) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(new Column(md.getColumnName(i).toLowerCase(Locale.ROOT), Kind.ofSqlType(md.getColumnType(i)),
              md.getColumnType(i)));
        }
      }
      TreeMap<Integer, String> pk = new TreeMap<>();
      try (ResultSet rs = meta.getPrimaryKeys(null, schema, name)) {
        while (rs.next()) {
          pk.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
      Set<String> parents = new TreeSet<>();
      try (ResultSet rs = meta.getImportedKeys(null, schema, name)) {
        while (rs.next()) {
          String parent = rs.getString("PKTABLE_NAME");
          if (parent != null && !parent.equals(name)) {
            parents.add(parent);
          }
        }
      }
      byName.put(name, new Table(name, List.copyOf(columns), List.copyOf(pk.values())));
      dependsOn.put(name, parents);
    }
    return new Layout(order(byName, dependsOn));
  }

  /** Parents before children, alphabetical among equals, so the order is the same every time. */
  private static List<Table> order(Map<String, Table> tables, Map<String, Set<String>> dependsOn) {
    List<Table> out = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    while (out.size() < tables.size()) {
      String next = null;
      for (String name : tables.keySet()) {
        if (!done.contains(name) && tables.keySet().stream()
            .filter(dependsOn.get(name)::contains).allMatch(done::contains)) {
          next = name;
          break;
        }
      }
      if (next == null) {
        Set<String> left = new TreeSet<>(tables.keySet());
        left.removeAll(done);
        throw new BackupException("the foreign keys of tables " + left + " form a cycle; no load order exists");
      }
      done.add(next);
      out.add(tables.get(next));
    }
    return List.copyOf(out);
  }

  /**
   * The schema version Flyway last applied, such as {@code 5} or {@code 5.1}.
   *
   * @throws BackupException when the database has no Flyway history: it is not a hub's
   */
  static String schemaVersion(Connection c, String where) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT version FROM " + FLYWAY_HISTORY + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC")) {
      String best = null;
      while (rs.next()) {
        String v = rs.getString(1);
        if (best == null || compareVersions(v, best) > 0) {
          best = v;
        }
      }
      if (best == null) {
        throw new BackupException(where + " has no applied migrations; it is not a Liaison hub's database");
      }
      return best;
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains(FLYWAY_HISTORY)
          || "42P01".equals(e.getSQLState())) {
        throw new BackupException(where + " has no " + FLYWAY_HISTORY + " table; it is not a Liaison hub's database", e);
      }
      throw e;
    }
  }

  /**
   * The part of a schema version that both vendors share. Vendor folders fix their own quirks
   * with minor versions (PostgreSQL's {@code 5.1} widens a column SQLite never limited), so a
   * backup and a target agree when their major versions and their tables do.
   */
  static String major(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? Long.parseLong(x[i]) : 0;
      long q = i < y.length ? Long.parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }
}
