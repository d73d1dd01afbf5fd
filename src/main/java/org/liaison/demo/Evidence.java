package org.liaison.demo;

import org.liaison.proof.LogEntry;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.liaison.hub.Hub;
import org.liaison.proof.B64;
import org.liaison.proof.Checkpoint;
import org.liaison.ledger.Ledger;
import org.liaison.ledger.LedgerClient;
import org.liaison.proof.Merkle;
import org.liaison.proof.MerkleLog;
import org.liaison.proof.SignedNote;

/**
 * The end-of-day inquiry, made as an outside reviewer would: download the whole log through the
 * ledger API, check every leaf, the root and the signed checkpoint, then find and prove the
 * entries that say when each party was told of the disputed operation.
 */
final class Evidence {
  private final List<Demo.Check> checks = new ArrayList<>();
  private final Map<String, String> summary = new LinkedHashMap<>();
  private final StringBuilder text = new StringBuilder();
  private final List<LogEntry> log = new ArrayList<>();

  List<Demo.Check> checks() {
    return checks;
  }

  Map<String, String> summary() {
    return summary;
  }

  String text() {
    return text.toString();
  }

  /** The whole ledger as the inquiry downloaded it, entry {@code i} at index {@code i}. */
  List<LogEntry> log() {
    return log;
  }

  static Evidence gather(String hubUrl, Hub hub, UUID disputed, ChannelsPlay.Warning warning) throws IOException {
    hub.ledger().sequence();
    Evidence ev = new Evidence();
    URI uri = URI.create(hubUrl);
    LedgerClient client = new LedgerClient(uri, LedgerClient.devToken(uri, "inquiry", "liaison.ledger.read"));
    LedgerClient.CheckpointInfo cp = client.checkpoint();
    LedgerClient.KeyInfo key = client.key();
    boolean signed;
    try {
      Checkpoint c = SignedNote.verify(cp.note(), key.verifierKey());
      signed = c.size() == cp.treeSize() && Arrays.equals(c.root(), cp.rootHash());
    } catch (Exception e) {
      signed = false;
    }
    MerkleLog tree = new MerkleLog();
    boolean leavesOk = true;
    List<LogEntry> relevant = new ArrayList<>();
    List<LogEntry> all = new ArrayList<>();
    String msgId = warning == null ? null : warning.messageId();
    for (long start = 0; start < cp.treeSize(); start += LedgerClient.MAX_PAGE) {
      for (LogEntry e : client.entries(start, Math.min(cp.treeSize(), start + LedgerClient.MAX_PAGE))) {
        leavesOk &= Arrays.equals(Merkle.leafHash(e.entry()), e.leafHash());
        tree.append(e.leafHash());
        all.add(e);
        String json = new String(e.entry(), StandardCharsets.UTF_8);
        if ((disputed != null && json.contains(disputed.toString())) || (msgId != null && json.contains(msgId))) {
          relevant.add(e);
        }
      }
    }
    ev.log.addAll(all);
    boolean rootOk = tree.size() == cp.treeSize() && Arrays.equals(tree.root(), cp.rootHash());
    ev.checks.add(new Demo.Check("ledger verifies", leavesOk && rootOk && signed, String.format(
        "%d entries: leaf hashes %s, root %s, checkpoint signature by %s %s", cp.treeSize(), ok(leavesOk),
        ok(rootOk), key.verifierKey().name(), ok(signed))));
    ev.summary.put("ledger size", cp.treeSize() + " entries");
    ev.summary.put("ledger verification", leavesOk && rootOk && signed ? "verified (leaves, root, signature)" : "FAILED");

    StringBuilder t = ev.text;
    t.append("Checkpoint (signed note):\n").append(cp.note()).append('\n');
    t.append("Inquiry: when was each party informed of operation ").append(disputed).append("?\n\n");
    int proven = 0;
    for (LogEntry e : relevant) {
      LedgerClient.InclusionProof proof = client.inclusion(e.index(), cp.treeSize());
      boolean included = Merkle.verifyInclusion(e.leafHash(), e.index(), cp.treeSize(), proof.path(), cp.rootHash());
      proven += included ? 1 : 0;
      JsonNode j = Scenario.MAPPER.readTree(e.entry());
      t.append(String.format("#%d  %s  %-22s by %-18s %s%n", e.index(), j.path("time").asText(),
          j.path("type").asText(), j.path("party").asText(), describe(j)));
      t.append(String.format("     leaf %s, inclusion proof of %d hashes against the checkpoint: %s%n",
          B64.encode(e.leafHash()), proof.path().size(), included ? "valid" : "INVALID"));
    }
    boolean found = !relevant.isEmpty();
    ev.checks.add(new Demo.Check("inquiry proven from the ledger", found && proven == relevant.size(),
        proven + " of " + relevant.size() + " entries about the disputed operation proven against the checkpoint"));
    ev.summary.put("inquiry", proven + " entries proven about operation " + (disputed == null ? "-" : disputed.toString().substring(0, 8)));
    if (warning != null) {
      ev.acknowledgement(warning, all, cp.note(), key.verifierKey());
    }
    return ev;
  }

  /**
   * Proves from the recipient's own signature, not the hub's word, that the disputed warning was
   * acknowledged: the evidence bundle an outside reviewer would get, checked offline.
   */
  private void acknowledgement(ChannelsPlay.Warning warning, List<LogEntry> log, String note,
      org.liaison.proof.VerifierKey key) throws IOException {
    var bundle = org.liaison.keys.Evidence.build("message", warning.messageId(), log, note, key.vkey(), List.of(), null);
    org.liaison.keys.Evidence.Report r = org.liaison.keys.Evidence.verify(bundle, key);
    String ack = r.statements().stream()
        .filter(l -> l.contains("ACKNOWLEDGED message " + warning.messageId()) && l.contains("[SIGNED by"))
        .findFirst().orElse(null);
    text.append("\nInquiry: was the safety-of-flight warning ").append(warning.messageId())
        .append(" acknowledged, by its recipient's own signature?\n");
    text.append("(an outside reviewer gets the same from: liaison ledger prove --message ").append(warning.messageId())
        .append(" --out warning.json; liaison ledger verify-evidence warning.json)\n");
    r.lines().forEach(l -> text.append(l).append('\n'));
    r.statements().forEach(l -> text.append("  ").append(l).append('\n'));
    checks.add(new Demo.Check("warning acknowledged, proven by the recipient's signature", r.verified() && ack != null,
        ack == null ? "no signed acknowledgement in " + bundle.get("entries").size() + " entries" : ack.trim()));
    summary.put("warning acknowledgement", ack == null ? "NOT PROVEN" : "signed by its recipient, evidence verified offline");
  }

  private static String describe(JsonNode j) {
    StringBuilder s = new StringBuilder();
    if (j.has("subscribers")) {
      List<String> told = new ArrayList<>();
      for (JsonNode g : j.get("subscribers")) {
        told.add(g.path("uss_base_url").asText());
      }
      s.append("watchers to notify: ").append(told.isEmpty() ? "none" : String.join(", ", told));
    }
    for (String f : List.of("recipient", "to", "late", "text_sha256", "priority", "deadline")) {
      if (j.has(f)) {
        s.append(s.length() == 0 ? "" : "; ").append(f).append(' ').append(j.get(f).toString());
      }
    }
    return s.toString();
  }

  private static String ok(boolean b) {
    return b ? "ok" : "FAILED";
  }
}
