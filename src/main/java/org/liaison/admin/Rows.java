package org.liaison.admin;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Moves values between JDBC and the backup's Java values, by column kind. */
final class Rows {
  private Rows() {}

  /** The current row of {@code rs}, one value per column, SQL NULL as null. */
  static Object[] read(ResultSet rs, List<Layout.Column> columns) throws SQLException {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      int at = i + 1;
      Object v = switch (columns.get(i).kind()) {
        case INT -> rs.getLong(at);
        case REAL -> rs.getDouble(at);
        case DECIMAL -> rs.getBigDecimal(at);
        case BOOL -> rs.getBoolean(at);
        case BYTES -> rs.getBytes(at);
        case TEXT -> rs.getString(at);
      };
      values[i] = rs.wasNull() ? null : v;
    }
    return values;
  }

  /**
   * Binds {@code values} to {@code ps}, with the target's columns: a NULL is bound with the
   * target column's own SQL type, which PostgreSQL needs.
   */
  static void bind(PreparedStatement ps, List<Layout.Column> target, Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      int at = i + 1;
      Object v = values[i];
      Layout.Column c = target.get(i);
      if (v == null) {
        ps.setNull(at, c.sqlType());
        continue;
      }
      switch (c.kind()) {
        case INT -> ps.setLong(at, (Long) v);
        case REAL -> ps.setDouble(at, (Double) v);
        case DECIMAL -> ps.setBigDecimal(at, (java.math.BigDecimal) v);
        case BOOL -> ps.setBoolean(at, (Boolean) v);
        case BYTES -> ps.setBytes(at, (byte[]) v);
        case TEXT -> ps.setString(at, (String) v);
        default -> throw new IllegalStateException("unhandled kind " + c.kind());
      }
    }
  }
}
