package org.liaison.channels;

/** Evidence bundles on the embedded SQLite store. */
class EvidenceSqliteTest extends EvidenceContract {
  @Override
  String jdbcUrl() {
    return null;
  }
}
