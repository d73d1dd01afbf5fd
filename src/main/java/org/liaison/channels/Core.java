package org.liaison.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.ledger.Ledger;
import org.liaison.proof.B64;
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
  final Receipts receipts;
  private final GroupCommit writer;
  private final List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();

  Core(Database db, Ledger ledger, Clock clock, Phrasebook phrasebook) {
    this.db = db;
    this.ledger = ledger;
    this.clock = clock;
    this.phrasebook = phrasebook;
    this.signal = new Signal(db.inTransaction(events::head));
    this.writer = new GroupCommit(db, events, signal);
    this.receipts = new Receipts(ledger.key());
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
   * <p>It does not wake the ledger's sequencer (its receipts are signed from {@link Proof}s, not
   * taken from {@link Ledger.Recorded#receipt}, which would): at message rates, a nudge per commit keeps the
   * sequencer running back to back, holding the database's write lock while it hashes. Its own
   * tick indexes our entries within a fraction of a second, which is what receipts promise.
   */
  <T> T write(Database.Work<T> work) {
    return writer.write(work);
  }

  /** As {@link #write}, without waiting: the future completes after commit. */
  <T> java.util.concurrent.CompletableFuture<T> submit(Database.Work<T> work) {
    return writer.submit(work);
  }

  <T> T read(Database.Work<T> work) {
    return db.inTransaction(work);
  }

  /**
   * Records a ledger entry of {@code type} by {@code party} in the open transaction. The receipt
   * is signed later, off the writer thread, from the returned proof.
   */
  Proof record(Connection c, String type, String party, Instant time, Consumer<ObjectNode> fill)
      throws SQLException {
    ObjectNode e = ledger.entry(type, party, time);
    fill.accept(e);
    Ledger.Recorded r = ledger.record(c, e);
    return new Proof(B64.encode(r.leafHash()), r.time(), r.index());
  }

  long event(Connection c, String type, String channelId, String messageId, Instant time, ObjectNode payload,
      Collection<String> audience) throws SQLException {
    return events.append(c, type, channelId, messageId, time, payload, audience);
  }

  /** A caller's view of a channel they are a member of. */
  record Access(Channel channel, Member member) {}

  /**
   * The channel and the caller's membership. A channel that does not exist and one the caller is
   * not a member of get the same answer, so a non-member learns nothing.
   */
  Access requireMember(Connection c, String caller, String channelId) throws SQLException {
    Access a = channelId.length() <= 64 ? store.access(c, channelId, caller) : null;
    if (a == null) {
      throw ApiException.forbidden("channel %s: you are not a member of it, or it does not exist",
          Values.truncate(channelId));
    }
    return a;
  }

  /** Each known party's language; parties without a directory entry read the first language. */
  Map<String, String> languages(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    for (Party p : store.parties(c)) {
      out.put(p.id(), phrasebook.firstAvailable(p.languages()));
    }
    return out;
  }

  /** Commits the writes already queued, stops the writer and wakes every event reader to end. */
  @Override
  public void close() {
    writer.close();
    signal.close();
    onClose.forEach(Runnable::run);
  }

  /** Runs {@code r} when this closes, after the writer has stopped: event streams end there. */
  void onClose(Runnable r) {
    onClose.add(r);
  }
}
