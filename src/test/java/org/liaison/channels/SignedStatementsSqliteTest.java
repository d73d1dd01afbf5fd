package org.liaison.channels;

/** Party keys and signed statements on the embedded SQLite store. */
class SignedStatementsSqliteTest extends SignedStatementsContract {
  @Override
  String jdbcUrl() {
    return null;
  }
}
