package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.liaison.astm.Extents;
import org.liaison.astm.Wire;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Merkle;
import org.liaison.proof.Receipt;

/**
 * The ledger entries the airspace's writes record, built here and nowhere else, and the only
 * calls {@code deconfliction} makes on the ledger: prepare an entry, insert prepared entries in
 * the caller's transaction, sign the receipt.
 */
final class LedgerEntries {
  private final Ledger ledger;

  LedgerEntries(Ledger ledger) {
    this.ledger = ledger;
  }

  // ---------------------------------------------------------------- entries

  /** {@code notice.create}, {@code notice.update} or {@code notice.delete}. */
  ObjectNode notice(String type, String caller, Instant now, OperationalIntent oi,
      List<Airspace.Notified> notified, List<UUID> deletedImplicitSubscriptions) {
    ObjectNode e = reference(type, caller, now, oi.id(), oi.version(), oi.ovn(), oi.extents(), notified);
    e.put("state", oi.state().name());
    e.put("subscription_id", oi.subscriptionId() == null ? null : oi.subscriptionId().toString());
    if (!deletedImplicitSubscriptions.isEmpty()) {
      ArrayNode gone = e.putArray("deleted_implicit_subscriptions");
      deletedImplicitSubscriptions.forEach(id -> gone.add(id.toString()));
    }
    return e;
  }

  /** {@code restriction.create}, {@code restriction.update} or {@code restriction.delete}. */
  ObjectNode restriction(String type, String caller, Instant now, Constraint c, List<Airspace.Notified> notified) {
    return reference(type, caller, now, c.id(), c.version(), c.ovn(), c.extents(), notified);
  }

  private ObjectNode reference(String type, String caller, Instant now, UUID id, long version,
      String ovn, Extents extents, List<Airspace.Notified> notified) {
    ObjectNode e = ledger.entry(type, caller, now);
    e.put("id", id.toString());
    e.put("version", version);
    // The OVN itself is a secret of its owner: it is the proof of having read the reference.
    e.put("ovn_sha256", sha256(ovn));
    ArrayNode vs = e.putArray("extents");
    extents.volumes().forEach(v -> vs.add(Wire.volume(v)));
    e.set("subscribers", Render.subscribers(notified));
    return e;
  }

  /** {@code watch.create}, {@code watch.update} or {@code watch.delete}. */
  ObjectNode watch(String type, String caller, Instant now, Subscription s) {
    ObjectNode e = ledger.entry(type, caller, now);
    e.put("id", s.id().toString());
    e.put("version", s.version());
    e.put("uss_base_url", s.ussBaseUrl());
    e.put("notify_for_operational_intents", s.notifyForOperationalIntents());
    e.put("notify_for_constraints", s.notifyForConstraints());
    ArrayNode vs = e.putArray("extents");
    s.extents().volumes().forEach(v -> vs.add(Wire.volume(v)));
    return e;
  }

  /** {@code availability.set}; {@code reason} (null for a party's own request) when the hub observed it. */
  ObjectNode availability(String caller, Instant now, PartyAvailability a, String reason) {
    ObjectNode e = ledger.entry("availability.set", caller, now)
        .put("uss", a.party()).put("availability", a.availability().name()).put("version", a.version());
    if (reason != null) {
      e.put("reason", reason);
    }
    return e;
  }

  /** {@code airspace.expire}, by the hub itself, with the ids an expiry batch removes. */
  ObjectNode expiry(Instant now, Instant cutoff, Change ch) {
    ObjectNode e = ledger.entry("airspace.expire", ledger.origin(), now);
    e.put("ended_before", cutoff.toString());
    ch.deleteOis.forEach(id -> e.withArray("operational_intents").add(id.toString()));
    ch.deleteConstraints.forEach(id -> e.withArray("constraints").add(id.toString()));
    ch.deleteSubscriptions.forEach(id -> e.withArray("subscriptions").add(id.toString()));
    return e;
  }

  /** {@code report.filed}: the report's id and a hash of its text, not the text. */
  ObjectNode report(String party, Instant now, String id, String doc) {
    ObjectNode e = ledger.entry("report.filed", party, now);
    e.put("report_id", id);
    e.put("doc_sha256", sha256(doc));
    return e;
  }

  private static String sha256(String s) {
    return Merkle.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- recording

  Ledger.Prepared prepare(ObjectNode entry) {
    return ledger.prepare(entry);
  }

  /**
   * Records prepared entries, in order, in the caller's transaction: the ledger's one call. Each
   * {@link Ledger.Recorded} signs its receipt when asked, after the commit.
   */
  List<Ledger.Recorded> record(Connection c, List<Ledger.Prepared> entries) throws SQLException {
    return ledger.record(c, entries);
  }

  /** Records one entry in the caller's transaction. */
  Ledger.Recorded record(Connection c, ObjectNode entry) throws SQLException {
    return ledger.record(c, entry);
  }
}
