package org.liaison.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.liaison.ledger.Ledger;
import org.liaison.ledger.Receipt;
import org.liaison.store.Database;

/**
 * What the channel services share: the database and its SQL, the ledger, the event log, the
 * clock, and the one writer.
 *
 * <p>All channel writes go through one writer thread that commits them in groups (see {@link
 * GroupCommit}). One writer keeps this hub's writes from fighting over the event counter row
 * (which would cost serialization retries); the counter row keeps event order right across hub
 * instances.
 */
final class Core implements AutoCloseable {
  final Database db;
  final Ledger ledger;
  final Clock clock;
  final Phrasebook phrasebook;
  final ChannelStore store = new ChannelStore();
  final EventLog events = new EventLog();
  final Signal signal;
  private final GroupCommit writer;

  Core(Database db, Ledger ledger, Clock clock, Phrasebook phrasebook) {
    this.db = db;
    this.ledger = ledger;
    this.clock = clock;
    this.phrasebook = phrasebook;
    this.signal = new Signal(db.inTransaction(events::head));
    this.writer = new GroupCommit(db, events, signal);
  }

  /** Now, to the millisecond: what the database keeps, so a replayed answer equals the first. */
  Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** The party named in ledger entries for changes the hub itself makes (deadlines, silence). */
  String hubParty() {
    return ledger.origin();
  }

  /**
   * Runs {@code work} in the writer's next transaction and wakes event readers after commit.
   * {@code work} runs on the writer thread and must not call {@code write} itself.
   *
   * <p>It does not nudge the ledger's sequencer: at message rates, a nudge per commit keeps the
   * sequencer running back to back, holding the database's write lock while it hashes. Its own
   * tick indexes our entries within a fraction of a second, which is what receipts promise.
   */
  <T> T write(Database.Work<T> work) {
    return writer.write(work);
  }

  <T> T read(Database.Work<T> work) {
    return db.inTransaction(work);
  }

  /** Records a ledger entry of {@code type} by {@code party} in the open transaction. */
  Receipt record(Connection c, String type, String party, Instant time, Consumer<ObjectNode> fill)
      throws SQLException {
    ObjectNode e = ledger.entry(type, party, time);
    fill.accept(e);
    return ledger.record(c, e);
  }

  long event(Connection c, String type, String channelId, String messageId, Instant time, ObjectNode payload,
      Collection<String> audience) throws SQLException {
    return events.append(c, type, channelId, messageId, time, payload, audience);
  }

  /** Each known party's language; parties without a directory entry read the first language. */
  Map<String, String> languages(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    for (Party p : store.parties(c)) {
      out.put(p.id(), phrasebook.language(p.language()));
    }
    return out;
  }

  /** Commits the writes already queued, stops the writer and wakes every event reader to end. */
  @Override
  public void close() {
    writer.close();
    signal.close();
  }
}
