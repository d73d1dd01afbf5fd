package org.liaison.agreements;

/** The agreement contract on the embedded SQLite store. */
class AgreementsSqliteTest extends AgreementsContract {
  @Override
  String jdbcUrl() {
    return null;
  }
}
