package org.liaison.keys;

import org.liaison.proof.LogEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.liaison.proof.Canonical;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.Cosignature;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Merkle;
import org.liaison.proof.MerkleLog;
import org.liaison.proof.SignedNote;
import org.liaison.proof.VerificationException;
import org.liaison.proof.VerifierKey;
import org.liaison.proof.WitnessKey;

/**
 * An evidence bundle: one self-contained JSON file that proves, offline and without trusting the
 * hub, who stated what about one message or operation, and when.
 *
 * <p>It holds the ledger entries about the subject (each with its inclusion proof), every key
 * entry of the parties involved (so their keys' history can be replayed), the log's checkpoint
 * (with the witnesses' cosignatures, when there are some), the log key and the witnesses' keys.
 * {@link #verify} checks every part and says which statements the parties signed and which rest
 * on the hub's word alone. The format is documented in docs/ledger.md.
 */
public final class Evidence {
  public static final String FORMAT = "liaison-evidence/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> MESSAGE_STATES = Set.of("message.delivered", "message.read", "message.ack");
  /** The entry recording a party's signed ASTM declaration, beside the write's own entry. */
  public static final String DECLARATION = "declaration.signed";

  private Evidence() {}

  /** A registered witness: its party and its vkey. */
  public record Witness(String party, String vkey) {}

  /**
   * The bundle about {@code kind} ("message", "operation" or "agreement") {@code id}, from the log's entries
   * {@code [0, size)} where {@code size} is the checkpoint's tree size. {@code content} is the
   * message as posted (its canonical form hashes to the {@code message_sha256} the statements
   * name), or null.
   */
  public static ObjectNode build(String kind, String id, List<LogEntry> log, String note, String logVkey,
      List<Witness> witnesses, JsonNode content) throws IOException {
    MerkleLog tree = new MerkleLog();
    List<JsonNode> decoded = new ArrayList<>();
    for (LogEntry e : log) {
      tree.append(e.leafHash());
      decoded.add(JSON.readTree(e.entry()));
    }
    TreeMap<Long, LogEntry> chosen = new TreeMap<>();
    Set<String> parties = new LinkedHashSet<>();
    for (int i = 0; i < log.size(); i++) {
      JsonNode n = decoded.get(i);
      if (about(kind, id, n)) {
        chosen.put(log.get(i).index(), log.get(i));
        parties.add(n.path("party").asText());
        n.path("recipients").forEach(r -> parties.add(r.asText()));
        if (!n.path("recipient").isMissingNode()) {
          parties.add(n.path("recipient").asText());
        }
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("the log up to size " + log.size() + " has no entry about " + kind + " " + id);
    }
    for (int i = 0; i < log.size(); i++) {
      JsonNode n = decoded.get(i);
      String type = n.path("type").asText();
      if ((type.equals(KeyHistory.PUBLISH) || type.equals(KeyHistory.REVOKE))
          && parties.contains(n.path("subject").asText())) {
        chosen.put(log.get(i).index(), log.get(i));
      }
    }
    ObjectNode b = JSON.createObjectNode();
    b.put("format", FORMAT);
    b.putObject("subject").put("kind", kind).put("id", id);
    b.put("log_key", logVkey);
    b.put("checkpoint", note);
    ArrayNode ws = b.putArray("witnesses");
    witnesses.forEach(w -> ws.addObject().put("party", w.party()).put("vkey", w.vkey()));
    ArrayNode es = b.putArray("entries");
    Base64.Encoder b64 = Base64.getEncoder();
    for (LogEntry e : chosen.values()) {
      ObjectNode o = es.addObject();
      o.put("index", e.index());
      o.put("entry", b64.encodeToString(e.entry()));
      o.put("leaf_hash", b64.encodeToString(e.leafHash()));
      ArrayNode path = o.putArray("inclusion_path");
      tree.inclusionProof(e.index(), log.size()).forEach(h -> path.add(b64.encodeToString(h)));
    }
    b.set("content", content);
    return b;
  }

  private static boolean about(String kind, String id, JsonNode n) {
    String type = n.path("type").asText();
    if (kind.equals("agreement")) {
      return type.startsWith("agreement.") && id.equals(n.path("agreement_id").asText());
    }
    if (kind.equals("operation")) {
      return (type.startsWith("notice.") || type.equals(DECLARATION)) && id.equals(n.path("id").asText());
    }
    if (type.equals("message.post") || type.equals("message.escalation")) {
      return id.equals(n.path("message_id").asText());
    }
    if (MESSAGE_STATES.contains(type)) {
      for (JsonNode m : n.path("messages")) {
        if (id.equals(m.path("message_id").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  /** One finding: {@code ok}, {@code FAIL} or {@code note} (hub-attested, for information). */
  public record Line(String status, String text) {
    @Override
    public String toString() {
      return String.format("  %-5s %s", status, text);
    }
  }

  /** What the bundle proves: the findings, and the statements in the order the log holds them. */
  public record Report(List<Line> lines, List<String> statements, boolean verified) {}

  /**
   * Checks {@code bundle} with no network: the checkpoint under the log key ({@code pinned}, or
   * the bundle's own when null), each cosignature, each entry against its leaf hash and its
   * inclusion proof, the parties' key history, and every party signature. An entry by a party
   * that had a current key but carries no valid signature of its own is a failure: the hub
   * cannot make a keyed party's statement for it. A message the hub says it posted itself in a
   * party's name, by an agreed rule ({@code "posted_by": "hub"}), is a note, not a failure.
   */
  public static Report verify(JsonNode bundle, VerifierKey pinned) {
    List<Line> lines = new ArrayList<>();
    List<String> said = new ArrayList<>();
    if (!FORMAT.equals(bundle.path("format").asText())) {
      lines.add(new Line("FAIL", "format is " + bundle.path("format") + ", not " + FORMAT));
      return new Report(lines, said, false);
    }
    VerifierKey key;
    try {
      key = pinned != null ? pinned : VerifierKey.parse(bundle.path("log_key").asText());
    } catch (IllegalArgumentException e) {
      lines.add(new Line("FAIL", "log_key: " + e.getMessage()));
      return new Report(lines, said, false);
    }
    String note = bundle.path("checkpoint").asText();
    Checkpoint cp;
    try {
      cp = SignedNote.verify(note, key);
      lines.add(new Line("ok", "checkpoint of " + cp.origin() + " at size " + cp.size() + " is signed by the log key "
          + key.name() + (pinned == null ? " (the key the bundle names; pin it with --key)" : " (pinned)")));
    } catch (VerificationException | IllegalArgumentException e) {
      lines.add(new Line("FAIL", "checkpoint: " + e.getMessage()));
      return new Report(lines, said, false);
    }
    for (JsonNode w : bundle.path("witnesses")) {
      try {
        WitnessKey wk = WitnessKey.parse(w.path("vkey").asText());
        Cosignature.verify(note, wk.name(), wk.publicKey());
        lines.add(new Line("ok", "witness " + w.path("party").asText() + " (" + wk.name() + ") cosigned this checkpoint"));
      } catch (VerificationException | IllegalArgumentException e) {
        lines.add(new Line("FAIL", "witness " + w.path("party").asText() + ": " + e.getMessage()));
      }
    }
    // Entries: bytes, leaf hash, canonical form, inclusion.
    TreeMap<Long, JsonNode> entries = new TreeMap<>();
    java.util.Map<String, Long> byLeaf = new java.util.HashMap<>();
    Base64.Decoder b64 = Base64.getDecoder();
    for (JsonNode e : bundle.path("entries")) {
      long index = e.path("index").asLong(-1);
      try {
        byte[] bytes = b64.decode(e.path("entry").asText());
        byte[] leaf = b64.decode(e.path("leaf_hash").asText());
        if (!Arrays.equals(Merkle.leafHash(bytes), leaf)) {
          lines.add(new Line("FAIL", "entry " + index + ": its bytes do not hash to its leaf hash"));
          continue;
        }
        JsonNode n = JSON.readTree(bytes);
        if (!Arrays.equals(Canonical.canonicalize(n), bytes)) {
          lines.add(new Line("FAIL", "entry " + index + ": not canonical JSON"));
          continue;
        }
        List<byte[]> path = new ArrayList<>();
        e.path("inclusion_path").forEach(h -> path.add(b64.decode(h.asText())));
        if (!Merkle.verifyInclusion(leaf, index, cp.size(), path, cp.root())) {
          lines.add(new Line("FAIL", "entry " + index + ": the inclusion proof does not lead to the checkpoint's root"));
          continue;
        }
        entries.put(index, n);
        byLeaf.put(e.path("leaf_hash").asText(), index);
      } catch (IllegalArgumentException | IOException ex) {
        lines.add(new Line("FAIL", "entry " + index + ": unreadable: " + ex.getMessage()));
      }
    }
    lines.add(new Line("ok", entries.size() + " entries are in the log at size " + cp.size()
        + " (inclusion proofs verify)"));
    KeyHistory keys = new KeyHistory();
    for (var e : entries.entrySet()) {
      try {
        keys.add(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ex) {
        lines.add(new Line("FAIL", "key history: " + ex.getMessage()));
      }
    }
    JsonNode content = bundle.get("content");
    for (var e : entries.entrySet()) {
      statement(e.getKey(), e.getValue(), keys, entries, byLeaf, lines, said);
    }
    if (content != null && !content.isNull()) {
      String sha = Statement.contentSha256(content);
      boolean named = entries.values().stream().anyMatch(n -> n.path("type").asText().equals("message.post")
          && sha.equals(n.path("message_sha256").asText()));
      lines.add(named ? new Line("ok", "the content hashes to the message_sha256 of the message.post entry: "
          + content.path("text").asText(content.toString()))
          : new Line("FAIL", "the content given hashes to " + sha + ", which no message.post entry names"));
    }
    boolean verified = lines.stream().noneMatch(l -> l.status().equals("FAIL"));
    return new Report(lines, said, verified);
  }

  private static void statement(long index, JsonNode n, KeyHistory keys, TreeMap<Long, JsonNode> all,
      java.util.Map<String, Long> byLeaf, List<Line> lines, List<String> said) {
    String type = n.path("type").asText();
    String party = n.path("party").asText();
    String time = n.path("time").asText();
    if (type.equals(DECLARATION)) {
      declaration(index, n, keys, all, byLeaf, lines, said);
      return;
    }
    if (type.startsWith("notice.") || type.startsWith("restriction.")) {
      Long signedAt = null;
      for (var o : all.entrySet()) {
        if (o.getValue().path("type").asText().equals(DECLARATION)
            && index == byLeaf.getOrDefault(o.getValue().path("declaration_leaf_hash").asText(), -1L)) {
          signedAt = o.getKey();
        }
      }
      if (signedAt == null) {
        said.add(time + "  " + party + " " + describe(type, n) + "  [HUB-ATTESTED ONLY: no signed declaration; entry "
            + index + "]");
        lines.add(new Line("note", "entry " + index + " (" + type + " by " + party + ") rests on the hub's word alone"));
      } else {
        said.add(time + "  " + party + " " + describe(type, n) + "  [declared with " + party + "'s signature, entry "
            + signedAt + "; entry " + index + "]");
      }
      return;
    }
    if (type.equals(KeyHistory.PUBLISH) || type.equals(KeyHistory.REVOKE)) {
      said.add(time + "  " + party + " " + (type.equals(KeyHistory.PUBLISH) ? "published" : "revoked") + " key "
          + n.path("key_id").asText() + "  [signed by that key, entry " + index + "]");
      return;
    }
    String what = describe(type, n);
    Optional<PublicKeys> had = keyAt(keys, party, index);
    JsonNode st = n.get("statement");
    if (st == null || st.isNull()) {
      if (type.equals("message.post") && "hub".equals(n.path("posted_by").asText())) {
        // The hub's own rule (an agreement's short-notice warning) speaks in the party's name, and says so.
        said.add(time + "  " + party + " " + what + "  [POSTED BY THE HUB by an agreed rule, in " + party
            + "'s name; entry " + index + "]");
        lines.add(new Line("note", "entry " + index + " (" + type + " in " + party + "'s name) was posted by the hub"));
      } else if (had.isEmpty()) {
        said.add(time + "  " + party + " " + what + "  [HUB-ATTESTED ONLY: " + party + " had no key; entry " + index + "]");
        lines.add(new Line("note", "entry " + index + " (" + type + " by " + party + ") rests on the hub's word alone"));
      } else if (n.hasNonNull("implied_by") && impliedBySigned(n, index, all)) {
        said.add(time + "  " + party + " " + what + "  [implied by its signed " + n.path("implied_by").asText()
            + "; entry " + index + "]");
      } else {
        lines.add(new Line("FAIL", "entry " + index + ": " + type + " by " + party + " carries no signature, but " + party
            + " had key " + had.get().keyId() + " then; the hub made this statement, not " + party));
      }
      return;
    }
    Statement s;
    try {
      s = Statement.parse(Statement.Type.parse(type), st);
    } catch (IllegalArgumentException e) {
      lines.add(new Line("FAIL", "entry " + index + ": its statement is not a " + type + " statement: " + e.getMessage()));
      return;
    }
    List<String> mismatch = new ArrayList<>();
    if (!s.party().equals(party)) {
      mismatch.add("party");
    }
    for (String f : List.of("channel_id", "message_sha256", "agreement_id", "version", "document_sha256")) {
      JsonNode entryValue = type.equals("message.post") || type.startsWith("agreement.") ? n.get(f)
          : n.path("messages").path(0).get(f);
      if (s.body().has(f) && !s.body().get(f).equals(entryValue)) {
        mismatch.add(f);
      }
    }
    if (!mismatch.isEmpty()) {
      lines.add(new Line("FAIL", "entry " + index + ": the statement's " + String.join(", ", mismatch)
          + " differ from the entry's"));
      return;
    }
    Optional<KeyHistory.Period> period = keys.find(party, s.keyId());
    if (period.isEmpty() || !period.get().covers(index)) {
      lines.add(new Line("FAIL", "entry " + index + ": signed with " + party + "'s key " + s.keyId()
          + ", which was not its current key at this point of the log"));
      return;
    }
    if (!s.verify(period.get().keys().ed25519(), n.path("signature").asText())) {
      lines.add(new Line("FAIL", "entry " + index + ": " + party + "'s signature does not verify"));
      return;
    }
    said.add(s.time() + "  " + party + " " + what + "  [SIGNED by " + party + " key " + s.keyId() + "; recorded "
        + time + ", entry " + index + "]");
    lines.add(new Line("ok", "entry " + index + ": " + type + " signed by " + party + " (key " + s.keyId() + ")"));
  }

  private static void declaration(long index, JsonNode n, KeyHistory keys, TreeMap<Long, JsonNode> all,
      java.util.Map<String, Long> byLeaf, List<Line> lines, List<String> said) {
    String party = n.path("party").asText();
    Statement s;
    try {
      s = Statement.parse(Statement.Type.ASTM_WRITE, n.get("statement"));
    } catch (IllegalArgumentException e) {
      lines.add(new Line("FAIL", "entry " + index + ": its statement is not an astm.write statement: " + e.getMessage()));
      return;
    }
    Optional<KeyHistory.Period> period = keys.find(party, s.keyId());
    if (!s.party().equals(party) || period.isEmpty() || !period.get().covers(index)
        || !s.verify(period.get().keys().ed25519(), n.path("signature").asText())) {
      lines.add(new Line("FAIL", "entry " + index + ": " + party + "'s signed declaration does not verify under a key "
          + "that was current then"));
      return;
    }
    Long write = byLeaf.get(n.path("declaration_leaf_hash").asText());
    if (write == null) {
      lines.add(new Line("FAIL", "entry " + index + ": the write it declares (leaf " + n.path("declaration_leaf_hash").asText()
          + ") is not in the bundle"));
      return;
    }
    said.add(s.time() + "  " + party + " declared " + s.body().path("method").asText() + " " + s.body().path("path").asText()
        + " (body sha256 " + s.body().path("body_sha256").asText() + ")  [SIGNED by " + party + " key " + s.keyId()
        + "; the write is entry " + write + "]");
    lines.add(new Line("ok", "entry " + index + ": astm.write declaration signed by " + party + " (key " + s.keyId() + ")"));
  }

  private static Optional<PublicKeys> keyAt(KeyHistory keys, String party, long index) {
    return keys.periods(party).stream().filter(p -> p.covers(index)).map(KeyHistory.Period::keys).findFirst();
  }

  /** An implied state stands only next to the signed statement that implies it, by the same party, on the same message. */
  private static boolean impliedBySigned(JsonNode n, long index, TreeMap<Long, JsonNode> all) {
    String by = n.path("implied_by").asText();
    if (by.startsWith("agreement.")) {
      // A proposer's acceptance stands next to its signed proposal (or amendment) of that version, just before it.
      for (var e : all.headMap(index, false).entrySet()) {
        JsonNode o = e.getValue();
        if (o.path("type").asText().equals(by) && o.path("party").equals(n.path("party")) && o.hasNonNull("signature")
            && o.path("agreement_id").equals(n.path("agreement_id")) && o.path("version").equals(n.path("version"))) {
          return true;
        }
      }
      return false;
    }
    String mid = n.path("messages").path(0).path("message_id").asText();
    for (var e : all.tailMap(index, false).entrySet()) {
      JsonNode o = e.getValue();
      if (o.path("type").asText().equals(by) && o.path("party").equals(n.path("party")) && o.hasNonNull("signature")
          && o.path("messages").path(0).path("message_id").asText().equals(mid)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(String type, JsonNode n) {
    return switch (type) {
      case "message.post" -> "posted message " + n.path("message_id").asText() + " on channel "
          + n.path("channel_id").asText() + " to " + n.path("recipients") + " (priority " + n.path("priority").asText()
          + ", sha256 " + n.path("message_sha256").asText() + ")";
      case "message.delivered" -> "received message " + n.at("/messages/0/message_id").asText();
      case "message.read" -> "read message " + n.at("/messages/0/message_id").asText();
      case "message.ack" -> "ACKNOWLEDGED message " + n.at("/messages/0/message_id").asText()
          + (n.at("/messages/0/late").asBoolean() ? " (late)" : "");
      case "message.escalation" -> "escalated: " + n.path("recipient").asText() + " had not acknowledged by "
          + n.path("ack_deadline").asText();
      default -> type + " " + n.path("id").asText("") + (n.has("version") ? " version " + n.path("version") : "");
    };
  }
}
