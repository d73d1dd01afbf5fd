package org.liaison.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The query a competent engineer would write without Liaison: notices in a PostGIS table of
 * buffered circles with a {@code tstzrange} and an altitude {@code numrange}, a GiST index on
 * (geometry, time range), and the same area queries over JDBC, one connection per client. It pays
 * no HTTP and no auth, so the comparison favours it.
 */
final class PostgisBaseline {
  static final String TABLE = "liaison_bench_notices";
  static final String QUERY_SQL = "SELECT id FROM " + TABLE
      + " WHERE ST_Intersects(geom, ST_Buffer(ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)::geometry)"
      + " AND during && tstzrange(?, ?) AND alt && numrange(?, ?)";

  private final String url;
  private long loaded;

  PostgisBaseline(String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--pg must be a jdbc:postgresql: URL, got " + url);
    }
    this.url = url;
  }

  /** Drops and recreates the table. */
  void reset() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
      st.execute("CREATE EXTENSION IF NOT EXISTS btree_gist");
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, geom geometry(Polygon, 4326) NOT NULL,"
          + " during tstzrange NOT NULL, alt numrange NOT NULL)");
      st.execute("CREATE INDEX " + TABLE + "_gist ON " + TABLE + " USING gist (geom, during)");
    }
    loaded = 0;
  }

  /** Loads notices [loaded, to) of {@code world} as buffered circles, then analyses the table. */
  double loadTo(World world, long to, PrintStream progress) throws SQLException {
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (id, geom, during, alt) VALUES"
          + " (?, ST_Buffer(ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)::geometry, tstzrange(?, ?), numrange(?, ?))")) {
        for (long i = loaded; i < to; i++) {
          Payloads.Volume v = world.notice(i);
          ps.setLong(1, i);
          ps.setDouble(2, v.lng());
          ps.setDouble(3, v.lat());
          ps.setDouble(4, v.radiusM());
          ps.setObject(5, OffsetDateTime.ofInstant(v.start(), ZoneOffset.UTC));
          ps.setObject(6, OffsetDateTime.ofInstant(v.end(), ZoneOffset.UTC));
          ps.setBigDecimal(7, java.math.BigDecimal.valueOf(v.altLower()));
          ps.setBigDecimal(8, java.math.BigDecimal.valueOf(v.altUpper()));
          ps.addBatch();
          if ((i + 1) % 5000 == 0 || i + 1 == to) {
            ps.executeBatch();
            c.commit();
            if (progress != null) {
              progress.printf(Locale.ROOT, "\r\033[KPostGIS load %,d/%,d", i + 1, to);
              progress.flush();
            }
          }
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("ANALYZE " + TABLE);
      }
      c.commit();
    }
    loaded = to;
    if (progress != null) {
      progress.print("\r\033[K");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The query plan, so the report can show that the GiST index is used. */
  String plan(World world) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("EXPLAIN " + QUERY_SQL)) {
      bind(ps, world.query(new SplittableRandom(1)));
      StringBuilder b = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // Geometry literals are kilobytes of hex; the shape of the plan is what matters.
          b.append(rs.getString(1).replaceAll("'[0-9A-F]{64,}'::geometry", "'…'::geometry")).append('\n');
        }
      }
      return b.toString();
    }
  }

  Runner.Measured run(World world, int clients, Duration warmup, Duration duration, PrintStream progress) {
    return Runner.run("postgis " + clients + "c", clients, warmup, duration, i -> new Runner.Client() {
      final Connection c = open();
      final PreparedStatement ps = prepare(c);
      final SplittableRandom rnd = new SplittableRandom(i * 104729L + 3);

      @Override
      public void step(Recorder r) {
        Payloads.Volume q = world.query(rnd);
        long start = System.nanoTime();
        int n = 0;
        int status = 200;
        try {
          bind(ps, q);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              n++;
            }
          }
        } catch (SQLException e) {
          status = 500;
        }
        r.record("query", false, status, System.nanoTime() - start);
        r.add("query results", n);
      }

      @Override
      public void close() {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing after the run; nothing left to measure
        }
      }
    }, progress);
  }

  private Connection open() {
    try {
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection c) {
    try {
      return c.prepareStatement(QUERY_SQL);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the baseline query: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, Payloads.Volume q) throws SQLException {
    ps.setDouble(1, q.lng());
    ps.setDouble(2, q.lat());
    ps.setDouble(3, q.radiusM());
    ps.setObject(4, OffsetDateTime.ofInstant(q.start(), ZoneOffset.UTC));
    ps.setObject(5, OffsetDateTime.ofInstant(q.end(), ZoneOffset.UTC));
    ps.setBigDecimal(6, java.math.BigDecimal.valueOf(q.altLower()));
    ps.setBigDecimal(7, java.math.BigDecimal.valueOf(q.altUpper()));
  }
}
