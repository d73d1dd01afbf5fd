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
import org.liaison.keys.Statement;
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

  /** Parties' published keys, which their agreement statements are checked against. */
  private final org.liaison.channels.Channels keys;

  Agreements(Database db, Ledger ledger, Clock clock, AgreementFormat.Directory directory,
      org.liaison.channels.Channels keys) {
    this.db = db;
    this.ledger = ledger;
    this.clock = clock;
    this.directory = directory;
    this.keys = keys;
  }

  /** Agreements checked against the channels' directory: its parties, languages, channels and keys. */
  public static Agreements of(Database db, Ledger ledger, Clock clock, org.liaison.channels.Channels channels) {
    return new Agreements(db, ledger, clock, new AgreementFormat.Directory(channels::knowsParty,
        channels.phrasebookLanguages(), channels::members), channels);
  }

  /** A change and the receipts of the ledger entries it made. */
  record Changed(AgreementStore.Stored agreement, List<Receipt> receipts, boolean changed) {}

  /**
   * A request's document and signature: either the bare document (hub-attested) or
   * {@code {"id"?, "document", "signature"?}}, where a signed proposal names the id it creates.
   */
  record Request(String id, JsonNode document, JsonNode signature) {
    private static final java.util.Set<String> FIELDS = java.util.Set.of("id", "document", "signature");

    static Request of(JsonNode body) {
      if (body == null || !body.isObject() || !body.has("document")) {
        return new Request(null, body, null);
      }
      for (var it = body.fieldNames(); it.hasNext();) {
        String f = it.next();
        if (!FIELDS.contains(f)) {
          throw ApiException.badRequest("%s is not a field of a signed agreement request; it takes id, document and "
              + "signature", Values.truncate(f));
        }
      }
      JsonNode id = body.get("id");
      if (id != null && !id.isNull() && !id.isTextual()) {
        throw ApiException.badRequest("id must be a string (a UUID), got %s", id.getNodeType());
      }
      return new Request(id == null || id.isNull() ? null : id.textValue(), body.get("document"),
          body.get("signature"));
    }
  }

  /** What a party's agreement statement names: the agreement, the version and its document. */
  static ObjectNode fields(String id, int version, String sha256) {
    return Json.MAPPER.createObjectNode().put("agreement_id", id).put("version", version).put("document_sha256", sha256);
  }

  private Signed verify(String caller, Statement.Type type, ObjectNode fields, JsonNode signature) {
    return new Signed(keys.verifyStatement(caller, type, fields, signature));
  }

  /** A verified statement (or none: hub-attested only). */
  private record Signed(org.liaison.channels.Channels.SignedStatement s) {
    void into(ObjectNode entry) {
      if (s != null) {
        entry.set("statement", s.statement().body());
        entry.put("signature", s.signature());
      }
    }
  }

  private void stillCurrent(Connection c, Signed signed) throws SQLException {
    keys.requireStillCurrent(c, signed.s());
  }

  Changed propose(String caller, JsonNode body) {
    Request req = Request.of(body);
    Agreement a = AgreementFormat.parse(req.document(), directory);
    requireAmong(caller, a, "propose");
    boolean signing = req.signature() != null && !req.signature().isNull();
    if (signing && req.id() == null) {
      throw ApiException.badRequest("id is missing: a signed proposal names the agreement id (a UUID) it creates");
    }
    String id = req.id() == null ? UUID.randomUUID().toString() : uuid(req.id());
    String sha = sha256(AgreementFormat.canonical(req.document()));
    Signed signed = verify(caller, Statement.Type.AGREEMENT_PROPOSE, fields(id, 1, sha), req.signature());
    return write(c -> {
      stillCurrent(c, signed);
      if (store.get(c, id) != null) {
        throw ApiException.conflict("agreement %s already exists; a proposal names a new id", id);
      }
      Instant now = now();
      store.insert(c, id, caller, now);
      return addVersion(c, id, 1, "agreement.propose", caller, req.document(), a, now, signed);
    });
  }

  private static String uuid(String id) {
    try {
      String u = UUID.fromString(id).toString();
      if (u.equalsIgnoreCase(id)) {
        return u;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw ApiException.badRequest("id \"%s\" is not a UUID such as 3f2b6c1e-0a4d-4c8e-9b1a-2d5e7f9a0b1c",
        Values.truncate(id));
  }

  Changed amend(String caller, String id, JsonNode body) {
    Request req = Request.of(body);
    if (req.id() != null) {
      throw ApiException.badRequest("id is not a field of an amendment; the path names the agreement");
    }
    Agreement a = AgreementFormat.parse(req.document(), directory);
    int next = db.inTransaction(c -> require(c, caller, id)).latestVersion() + 1;
    String sha = sha256(AgreementFormat.canonical(req.document()));
    Signed signed = verify(caller, Statement.Type.AGREEMENT_AMEND, fields(id, next, sha), req.signature());
    return write(c -> {
      AgreementStore.Stored s = require(c, caller, id);
      if (s.withdrawn() != null) {
        throw ApiException.conflict("agreement %s was withdrawn by %s at %s; it cannot be amended", id,
            s.withdrawnBy(), s.withdrawn());
      }
      requireAmong(caller, a, "amend");
      if (s.latestVersion() + 1 != next) {
        throw ApiException.conflict("agreement %s gained version %d while this amendment was checked; sign version %d",
            id, s.latestVersion(), s.latestVersion() + 1);
      }
      stillCurrent(c, signed);
      return addVersion(c, id, next, "agreement.amend", caller, req.document(), a, now(), signed);
    });
  }

  private Changed addVersion(Connection c, String id, int version, String type, String caller, JsonNode doc,
      Agreement a, Instant now, Signed signed) throws SQLException {
    String text = AgreementFormat.canonical(doc);
    String sha = sha256(text);
    List<Receipt> receipts = new ArrayList<>();
    Receipt r = record(c, type, caller, now, e -> {
      e.put("agreement_id", id).put("version", version).put("document_sha256", sha);
      ArrayNode ps = e.putArray("parties");
      a.parties().forEach(ps::add);
      signed.into(e);
    });
    receipts.add(r);
    store.addVersion(c, id, version, text, sha, caller, now, r.leafHash(), a.parties());
    // Proposing is accepting what one proposes: the signed proposal stands for this acceptance too.
    receipts.add(acceptIn(c, id, version, sha, caller, now, a.parties().size() == 1, new Signed(null),
        signed.s() == null ? null : type));
    return new Changed(store.get(c, id), receipts, true);
  }

  Changed accept(String caller, String id, Integer version, JsonNode signature) {
    AgreementStore.Version seen = db.inTransaction(c -> require(c, caller, id)).latest();
    Signed signed = verify(caller, Statement.Type.AGREEMENT_ACCEPT, fields(id, seen.version(), seen.sha256()),
        signature);
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
      if (v.version() != seen.version()) {
        throw ApiException.conflict("agreement %s gained version %d while this acceptance was checked", id,
            v.version());
      }
      if (!v.accepted().containsKey(caller)) {
        throw ApiException.forbidden("you (%s) are not a party to version %d of agreement %s", caller, v.version(), id);
      }
      if (v.accepted().get(caller) != null) {
        return new Changed(s, List.of(), false);
      }
      stillCurrent(c, signed);
      long pending = v.accepted().values().stream().filter(t -> t == null).count();
      Receipt r = acceptIn(c, id, v.version(), v.sha256(), caller, now(), pending == 1, signed, null);
      return new Changed(store.get(c, id), List.of(r), true);
    });
  }

  /** An acceptance: {@code signed} by the caller, or implied by its signed {@code impliedBy} entry just recorded. */
  private Receipt acceptIn(Connection c, String id, int version, String sha, String caller, Instant now,
      boolean last, Signed signed, String impliedBy) throws SQLException {
    Receipt r = record(c, "agreement.accept", caller, now, e -> {
      e.put("agreement_id", id).put("version", version).put("document_sha256", sha).put("in_force", last);
      if (impliedBy != null) {
        e.put("implied_by", impliedBy);
      }
      signed.into(e);
    });
    store.accept(c, id, version, caller, now, r.leafHash());
    if (last) {
      store.inForce(c, id, version, now);
    }
    return r;
  }

  Changed withdraw(String caller, String id, JsonNode signature) {
    AgreementStore.Version seen = db.inTransaction(c -> require(c, caller, id)).latest();
    Signed signed = verify(caller, Statement.Type.AGREEMENT_WITHDRAW, fields(id, seen.version(), seen.sha256()),
        signature);
    return write(c -> {
      AgreementStore.Stored s = require(c, caller, id);
      if (s.withdrawn() != null) {
        throw ApiException.conflict("agreement %s was already withdrawn by %s at %s", id, s.withdrawnBy(),
            s.withdrawn());
      }
      if (s.latestVersion() != seen.version()) {
        throw ApiException.conflict("agreement %s gained version %d while this withdrawal was checked", id,
            s.latestVersion());
      }
      stillCurrent(c, signed);
      Instant now = now();
      Receipt r = record(c, "agreement.withdraw", caller, now, e -> {
        e.put("agreement_id", id).put("version", s.latestVersion()).put("document_sha256", seen.sha256());
        signed.into(e);
      });
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
