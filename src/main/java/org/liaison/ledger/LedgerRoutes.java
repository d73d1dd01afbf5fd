package org.liaison.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.proof.B64;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.LogEntry;
import org.liaison.proof.Receipt;
import org.liaison.proof.WitnessKey;

/**
 * The ledger API ({@code /liaison/v1/ledger}): checkpoint, key, entries, RFC 9162 proofs and
 * search for readers; witness registration and cosignatures for the parties' witnesses. Hashes
 * and entry bytes are base64. Every bad parameter gets a 400 that names it and its value.
 */
public final class LedgerRoutes {
  public static final String READ = "liaison.ledger.read";
  public static final String WITNESS = "liaison.ledger.witness";
  /** Witnesses read what they cosign, so either scope may read. */
  private static final List<Set<String>> READERS = List.of(Set.of(READ), Set.of(WITNESS));
  private static final List<Set<String>> WITNESSES = List.of(Set.of(WITNESS));
  static final int DEFAULT_SEARCH_LIMIT = 100;

  private final Ledger ledger;
  private final Witnesses witnesses;
  private final Guard guard;

  public LedgerRoutes(Ledger ledger, Guard guard) {
    this.ledger = ledger;
    this.witnesses = new Witnesses(ledger);
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    String base = LedgerClient.BASE;
    r.get(base + "/checkpoint", this::checkpoint);
    r.get(base + "/key", this::key);
    r.get(base + "/entries", this::entries);
    r.get(base + "/proof/inclusion", this::inclusion);
    r.get(base + "/proof/consistency", this::consistency);
    r.get(base + "/search", this::search);
    r.get(base + "/witnesses", this::listWitnesses);
    r.put(base + "/witnesses/{party}", this::registerWitness);
    r.post(base + "/cosignatures", this::cosign);
  }

  private Principal auth(Context ctx, List<Set<String>> scopes) {
    return guard.check(ctx.header("Authorization"), scopes);
  }

  // ---------------------------------------------------------------- reads

  private void checkpoint(Context ctx) {
    auth(ctx, READERS);
    Ledger.Published p = ledger.published();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("origin", p.checkpoint().origin());
    out.put("tree_size", p.checkpoint().size());
    out.put("root_hash", B64.encode(p.checkpoint().root()));
    out.put("note", p.note());
    witnesses.latest().ifPresent(c -> {
      out.put("cosigned_note", c.note());
      out.put("cosigned_tree_size", c.size());
      ArrayNode by = out.putArray("cosigned_by");
      c.parties().forEach(by::add);
    });
    Json.send(ctx, 200, out);
  }

  private void key(Context ctx) {
    auth(ctx, READERS);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("name", ledger.key().name());
    out.put("algorithm", "Ed25519");
    out.put("public_key", B64.encode(ledger.key().publicKey()));
    out.put("vkey", ledger.key().vkey());
    Json.send(ctx, 200, out);
  }

  private void entries(Context ctx) {
    auth(ctx, READERS);
    long size = ledger.size();
    long start = nonNegative(ctx, "start");
    long end = nonNegative(ctx, "end");
    if (start > end) {
      throw ApiException.badRequest("start %d is after end %d", start, end);
    }
    if (end - start > LedgerClient.MAX_PAGE) {
      throw ApiException.badRequest("end %d - start %d asks for %d entries, more than %d",
          end, start, end - start, LedgerClient.MAX_PAGE);
    }
    if (end > size) {
      throw ApiException.badRequest("end %d is beyond the tree size %d", end, size);
    }
    Json.send(ctx, 200, entryList(ledger.entries(start, end)));
  }

  private void inclusion(Context ctx) {
    auth(ctx, READERS);
    long size = ledger.size();
    long treeSize = nonNegative(ctx, "tree_size");
    if (treeSize > size) {
      throw ApiException.badRequest("tree_size %d is beyond the tree size %d", treeSize, size);
    }
    String hashText = ctx.queryParam("leaf_hash");
    long index;
    if (hashText != null) {
      if (ctx.queryParam("index") != null) {
        throw ApiException.badRequest("give index or leaf_hash, not both");
      }
      byte[] hash;
      try {
        hash = LedgerClient.parseHash(hashText);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("leaf_hash: %s", e.getMessage());
      }
      index = ledger.indexOf(hash).orElseThrow(() -> ApiException.notFound(
          "leaf_hash %s is not in the log of size %d", B64.encode(hash), size));
    } else {
      index = nonNegative(ctx, "index");
    }
    if (index >= treeSize) {
      throw ApiException.badRequest("index %d is beyond the tree of size %d (tree_size)", index, treeSize);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("index", index);
    out.put("tree_size", treeSize);
    out.put("leaf_hash", B64.encode(ledger.tree().leafHash(index)));
    ArrayNode path = out.putArray("inclusion_path");
    ledger.tree().inclusionProof(index, treeSize).forEach(h -> path.add(B64.encode(h)));
    Json.send(ctx, 200, out);
  }

  private void consistency(Context ctx) {
    auth(ctx, READERS);
    long size = ledger.size();
    long first = nonNegative(ctx, "first");
    long second = nonNegative(ctx, "second");
    if (second > size) {
      throw ApiException.badRequest("second %d is beyond the tree size %d", second, size);
    }
    if (first > second) {
      throw ApiException.badRequest("first %d is greater than second %d", first, second);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("first", first);
    out.put("second", second);
    ArrayNode path = out.putArray("consistency_path");
    ledger.tree().consistencyProof(first, second).forEach(h -> path.add(B64.encode(h)));
    Json.send(ctx, 200, out);
  }

  private void search(Context ctx) {
    auth(ctx, READERS);
    String party = ctx.queryParam("party");
    String type = ctx.queryParam("type");
    Instant from = time(ctx, "from");
    Instant to = time(ctx, "to");
    if (from != null && to != null && to.isBefore(from)) {
      throw ApiException.badRequest("to %s is before from %s", ctx.queryParam("to"), ctx.queryParam("from"));
    }
    long limit = ctx.queryParam("limit") == null ? DEFAULT_SEARCH_LIMIT : nonNegative(ctx, "limit");
    if (limit > LedgerClient.MAX_PAGE) {
      throw ApiException.badRequest("limit %d is more than %d", limit, LedgerClient.MAX_PAGE);
    }
    Json.send(ctx, 200, entryList(ledger.search(party, type, from, to, (int) limit)));
  }

  // ---------------------------------------------------------------- witnesses

  private void listWitnesses(Context ctx) {
    auth(ctx, READERS);
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode arr = out.putArray("witnesses");
    for (Witnesses.Registered w : witnesses.all()) {
      arr.addObject().put("party", w.party()).put("vkey", w.key().vkey());
    }
    Json.send(ctx, 200, out);
  }

  private void registerWitness(Context ctx) {
    Principal p = auth(ctx, WITNESSES);
    String party = ctx.pathParam("party");
    if (!party.equals(p.party())) {
      throw ApiException.forbidden("party %s may register only its own witness key, not %s's", p.party(), party);
    }
    JsonNode body = Json.body(ctx);
    JsonNode vkey = body.get("vkey");
    if (vkey == null || !vkey.isTextual()) {
      throw ApiException.badRequest("vkey must be a string <name>+<key ID>+<base64 key>, got %s",
          vkey == null ? "nothing" : LedgerClient.shorten(vkey.toString()));
    }
    WitnessKey key;
    try {
      key = WitnessKey.parse(vkey.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("vkey: %s", e.getMessage());
    }
    Receipt receipt = witnesses.register(party, key);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("party", party);
    out.put("vkey", key.vkey());
    out.set("receipt", Json.MAPPER.valueToTree(receipt));
    Json.send(ctx, 200, out);
  }

  private void cosign(Context ctx) {
    Principal p = auth(ctx, WITNESSES);
    JsonNode body = Json.body(ctx);
    String note = witnesses.accept(p.party(), textField(body, "checkpoint"), textField(body, "cosignature"));
    Checkpoint cp = Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("tree_size", cp.size());
    out.put("cosigned_note", note);
    Json.send(ctx, 200, out);
  }

  // ---------------------------------------------------------------- parameters and output

  private static String textField(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw ApiException.badRequest("%s must be a string, got %s", field,
          v == null ? "nothing" : LedgerClient.shorten(v.toString()));
    }
    return v.asText();
  }

  static long nonNegative(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      throw ApiException.badRequest("%s is missing", name);
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("%s \"%s\" is not a whole number", name, LedgerClient.shorten(v));
    }
    if (n < 0) {
      throw ApiException.badRequest("%s %d is negative", name, n);
    }
    return n;
  }

  private static Instant time(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      // A '+' offset that crossed the query string unencoded arrives as a space.
      return OffsetDateTime.parse(v.replace(' ', '+')).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("%s \"%s\" is not an RFC 3339 date-time such as 2026-05-01T12:00:00Z",
          name, LedgerClient.shorten(v));
    }
  }

  private static ObjectNode entryList(List<LogEntry> entries) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode arr = out.putArray("entries");
    for (LogEntry e : entries) {
      arr.addObject().put("index", e.index()).put("entry", B64.encode(e.entry())).put("leaf_hash", B64.encode(e.leafHash()));
    }
    return out;
  }
}
