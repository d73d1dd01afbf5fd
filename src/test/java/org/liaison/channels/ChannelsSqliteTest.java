package org.liaison.channels;

/** The channel contract on the embedded SQLite store. */
class ChannelsSqliteTest extends ChannelsContract {
  @Override
  String jdbcUrl() {
    return null;
  }
}
