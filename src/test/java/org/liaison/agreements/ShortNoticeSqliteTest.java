package org.liaison.agreements;

/** The short-notice rule on the embedded SQLite store. */
class ShortNoticeSqliteTest extends ShortNoticeContract {
  @Override
  String jdbcUrl() {
    return null;
  }
}
