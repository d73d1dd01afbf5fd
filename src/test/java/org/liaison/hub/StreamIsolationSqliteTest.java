package org.liaison.hub;

/** Stream isolation on the embedded SQLite store. */
class StreamIsolationSqliteTest extends StreamIsolationContract {
  @Override
  String jdbcUrl() {
    return null;
  }
}
