package org.liaison.channels;

/** End-to-end encrypted channels on the embedded store. */
class EncryptedChannelsSqliteTest extends EncryptedChannelsContract {
  @Override
  String jdbcUrl() {
    return null;
  }
}
