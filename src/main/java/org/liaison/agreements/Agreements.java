package org.liaison.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.liaison.proof.LogEntry;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.http.Json;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Receipt;
import org.liaison.store.Database;

/**
 * The life of agreements: propose, accept, amend, withdraw. An agreement version comes into force
 * when every party to it has accepted it (the proposer accepts by proposing); an amendment is a
 * new version that replaces the one in force once all its parties accept it. Each step commits
 * with its ledger entry, which holds the document's SHA-256, never the document.
 */
public final class Agreements {
  private final Database db;
  private final Ledger ledger;
  private final Clock clock;
  private final AgreementFormat.Directory directory;
  private final AgreementStore store = new AgreementStore();
  /**
   * Stored documents parsed, by their SHA-256: the channels' sweeper reads the agreements in force
   * every second, and a schema check per document per second is work for nothing.
   */
  private final java.util.Map<String, Agreement> parsed = new java.util.concurrent.ConcurrentHashMap<>();

  Agreements(Database db, Ledger ledger, Clock clock, AgreementFormat.Directory directory) {
    this.db = db;
    this.ledger = ledger;
    this.clock = clock;
    this.directory = directory;
  }

  /** Agreements checked against the channels' directory: its parties, languages and channels. */
  public static Agreements of(Database db, Ledger ledger, Clock clock, org.liaison.channels.Channels channels) {
    return new Agreements(db, ledger, clock, new AgreementFormat.Directory(channels::knowsParty,
        channels.phrasebookLanguages(), channels::members));
  }

  /** A change and the receipts of the ledger entries it made. */
  record Changed(AgreementStore.Stored agreement, List<Receipt> receipts, boolean changed) {}

  Changed propose(String caller, JsonNode doc) {
    Agreement a = AgreementFormat.parse(doc, directory);
    requireAmong(caller, a, "propose");
    String id = UUID.randomUUID().toString();
    return write(c -> {
      Instant now = now();
      store.insert(c, id, caller, now);
      return addVersion(c, id, 1, "agreement.propose", caller, doc, a, now);
    });
  }

  Changed amend(String caller, String id, JsonNode doc) {
    Agreement a = AgreementFormat.parse(doc, directory);
    return write(c -> {
      AgreementStore.Stored s = require(c, caller, id);
      if (s.withdrawn() != null) {
        throw ApiException.conflict("agreement %s was withdrawn by %s at %s; it cannot be amended", id,
            s.withdrawnBy(), s.withdrawn());
      }
      requireAmong(caller, a, "amend");
      return addVersion(c, id, s.latestVersion() + 1, "agreement.amend", caller, doc, a, now());
    });
  }

  private Changed addVersion(Connection c, String id, int version, String type, String caller, JsonNode doc,
      Agreement a, Instant now) throws SQLException {
    String text = AgreementFormat.canonical(doc);
    String sha = sha256(text);
    List<Receipt> receipts = new ArrayList<>();
    Receipt r = record(c, type, caller, now, e -> {
      e.put("agreement_id", id).put("version", version).put("document_sha256", sha);
      ArrayNode ps = e.putArray("parties");
      a.parties().forEach(ps::add);
    });
    receipts.add(r);
    store.addVersion(c, id, version, text, sha, caller, now, r.leafHash(), a.parties());
    // Proposing is accepting what one proposes.
    receipts.add(acceptIn(c, id, version, sha, caller, now, a.parties().size() == 1));
    return new Changed(store.get(c, id), receipts, true);
  }

  Changed accept(String caller, String id, Integer version) {
    return write(c -> {
      AgreementStore.Stored s = require(c, caller, id);
      if (s.withdrawn() != null) {
        throw ApiException.conflict("agreement %s was withdrawn by %s at %s; it cannot be accepted", id,
            s.withdrawnBy(), s.withdrawn());
      }
      AgreementStore.Version v = s.latest();
      if (version != null && version != v.version()) {
        throw ApiException.conflict("version %d of agreement %s is not its latest; version %d is", version, id,
            v.version());
      }
      if (!v.accepted().containsKey(caller)) {
        throw ApiException.forbidden("you (%s) are not a party to version %d of agreement %s", caller, v.version(), id);
      }
      if (v.accepted().get(caller) != null) {
        return new Changed(s, List.of(), false);
      }
      long pending = v.accepted().values().stream().filter(t -> t == null).count();
      Receipt r = acceptIn(c, id, v.version(), v.sha256(), caller, now(), pending == 1);
      return new Changed(store.get(c, id), List.of(r), true);
    });
  }

  private Receipt acceptIn(Connection c, String id, int version, String sha, String caller, Instant now,
      boolean last) throws SQLException {
    Receipt r = record(c, "agreement.accept", caller, now, e -> e.put("agreement_id", id).put("version", version)
        .put("document_sha256", sha).put("in_force", last));
    store.accept(c, id, version, caller, now, r.leafHash());
    if (last) {
      store.inForce(c, id, version, now);
    }
    return r;
  }

  Changed withdraw(String caller, String id) {
    return write(c -> {
      AgreementStore.Stored s = require(c, caller, id);
      if (s.withdrawn() != null) {
        throw ApiException.conflict("agreement %s was already withdrawn by %s at %s", id, s.withdrawnBy(),
            s.withdrawn());
      }
      Instant now = now();
      Receipt r = record(c, "agreement.withdraw", caller, now, e -> e.put("agreement_id", id)
          .put("version", s.latestVersion()));
      store.withdraw(c, id, caller, now, r.leafHash());
      return new Changed(store.get(c, id), List.of(r), true);
    });
  }

  /** The agreement, to a party of any of its versions. */
  AgreementStore.Stored show(String caller, String id) {
    return db.inTransaction(c -> require(c, caller, id));
  }

  /** The agreements {@code caller} is party to (in any version), oldest first. */
  List<AgreementStore.Stored> list(String caller) {
    return db.inTransaction(c -> store.all(c).stream().filter(s -> isParty(s, caller)).toList());
  }

  /** Ledger entries a compliance report reads, per type; more than this in a period is refused. */
  static final int MAX_REPORT_ENTRIES = 200_000;

  /**
   * Each party's compliance with the agreement (its version in force, else its latest) over
   * [{@code from}, {@code to}), from the hub's sequenced ledger entries.
   */
  ObjectNode compliance(String caller, String id, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw ApiException.badRequest("from %s must be before to %s", from, to);
    }
    AgreementStore.Stored s = show(caller, id);
    AgreementStore.Version v = s.inForce() != null ? s.inForce() : s.latest();
    List<Compliance.Row> rows = new ArrayList<>();
    java.util.Map<Long, byte[]> leaves = new java.util.HashMap<>();
    for (String type : List.of("notice.create", "message.post", "message.ack", "availability.set")) {
      // Availability before the period tells whether a party was already Down when it began.
      List<LogEntry> found = ledger.search(null, type, type.equals("availability.set") ? null : from, to,
          MAX_REPORT_ENTRIES + 1);
      if (found.size() > MAX_REPORT_ENTRIES) {
        throw ApiException.badRequest("the period from %s to %s holds more than %d %s entries; ask for a shorter one",
            from, to, MAX_REPORT_ENTRIES, type);
      }
      for (LogEntry e : found) {
        try {
          rows.add(new Compliance.Row(e.index(), Json.MAPPER.readTree(e.entry())));
          leaves.put(e.index(), e.leafHash());
        } catch (IOException ex) {
          throw new IllegalStateException("ledger entry " + e.index() + " is not JSON", ex);
        }
      }
    }
    rows.sort(java.util.Comparator.comparingLong(Compliance.Row::index));
    ObjectNode out = Compliance.report(id, document(v), rows, from, to);
    out.put("version", v.version());
    out.put("ledger_size", ledger.size());
    // The leaf hash of every entry a figure cites: what ./liaison ledger prove --entry takes.
    java.util.TreeSet<Long> cited = new java.util.TreeSet<>();
    cite(out, false, cited);
    ObjectNode hashes = out.putObject("leaf_hashes");
    cited.forEach(i -> hashes.put(Long.toString(i), b64(leaves.get(i))));
    return out;
  }

  private static void cite(JsonNode n, boolean inEntries, java.util.Set<Long> out) {
    if (n.isArray()) {
      n.forEach(x -> cite(x, inEntries, out));
    } else if (n.isObject()) {
      n.properties().forEach(e -> cite(e.getValue(), e.getKey().endsWith("entries"), out));
    } else if (inEntries && n.isIntegralNumber()) {
      out.add(n.asLong());
    }
  }

  /** Every agreement version in force now, parsed. */
  public List<Strictest.InForce> inForce() {
    return db.inTransaction(c -> {
      List<Strictest.InForce> out = new ArrayList<>();
      for (AgreementStore.Stored s : store.all(c)) {
        AgreementStore.Version v = s.inForce();
        if (v != null) {
          out.add(new Strictest.InForce(s.id(), v.version(), document(v), v.inForce()));
        }
      }
      return out;
    });
  }

  /** A stored document, read without the directory checks it passed when it was proposed. */
  Agreement document(AgreementStore.Version v) {
    Agreement a = parsed.get(v.sha256());
    if (a == null) {
      a = parse(v);
      parsed.put(v.sha256(), a);
    }
    return a;
  }

  private Agreement parse(AgreementStore.Version v) {
    try {
      return AgreementFormat.parse(Json.MAPPER.readTree(v.document()),
          new AgreementFormat.Directory(p -> true, directory.languages(), ch -> List.copyOf(v.accepted().keySet())));
    } catch (IOException | ApiException e) {
      throw new IllegalStateException("stored agreement document version " + v.version() + " does not parse: "
          + e.getMessage(), e);
    }
  }

  private AgreementStore.Stored require(Connection c, String caller, String id) throws SQLException {
    AgreementStore.Stored s = id.length() > 36 ? null : store.get(c, id);
    if (s == null) {
      throw ApiException.notFound("agreement %s does not exist", Values.truncate(id));
    }
    if (!isParty(s, caller)) {
      throw ApiException.forbidden("you (%s) are not a party to agreement %s", caller, id);
    }
    return s;
  }

  private static boolean isParty(AgreementStore.Stored s, String party) {
    return s.versions().stream().anyMatch(v -> v.accepted().containsKey(party));
  }

  private static void requireAmong(String caller, Agreement a, String act) {
    if (!a.parties().contains(caller)) {
      throw ApiException.badRequest("parties %s does not include you (%s); one may only %s an agreement one is party to",
          a.parties(), caller, act);
    }
  }

  private Receipt record(Connection c, String type, String party, Instant time,
      java.util.function.Consumer<ObjectNode> fill) throws SQLException {
    ObjectNode e = ledger.entry(type, party, time);
    fill.accept(e);
    // The answer carries the receipt; this write is rare, so it is signed here, in the transaction.
    return ledger.record(c, e).receipt();
  }

  private <T> T write(Database.Work<T> work) {
    return db.inTransaction(work);
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
