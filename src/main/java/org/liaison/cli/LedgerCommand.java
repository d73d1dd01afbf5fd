package org.liaison.cli;

import org.liaison.proof.LogEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.liaison.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.liaison.keys.Evidence;
import org.liaison.ledger.LedgerAudit;
import org.liaison.ledger.LedgerBundle;
import org.liaison.ledger.LedgerClient;
import org.liaison.proof.LogVerifier;
import org.liaison.proof.B64;
import org.liaison.proof.VerifierKey;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liaison ledger verify | export | prove}: check a hub's verifiable record. Exit status 0
 * means verified, 1 means a check failed, 2 means the check could not be run (unreachable hub,
 * unreadable file, bad arguments). Public so that it can be embedded and driven in tests.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "Check a hub's ledger: verify the whole log, export it for offline checking, prove one entry.",
    subcommands = {LedgerCommand.Verify.class, LedgerCommand.Export.class, LedgerCommand.Prove.class,
        LedgerCommand.VerifyEvidence.class})
public final class LedgerCommand implements Runnable {
  static final int VERIFIED = 0;
  static final int FAILED = 1;
  static final int CANNOT_RUN = 2;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the hub is and how to authenticate to it. */
  static final class HubAccess {
    @Option(names = "--hub", required = true, paramLabel = "URL", description = "Hub URL, e.g. http://localhost:8082")
    URI hub;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token with scope liaison.ledger.read.")
    String token;

    @Option(names = "--sub", paramLabel = "PARTY", description = "Party to mint a token for from a hub running with --dev-auth (development only).")
    String sub;

    LedgerClient client() throws IOException {
      if (token != null && sub != null) {
        throw new IllegalArgumentException("give --token or --sub, not both");
      }
      String t = token;
      if (t == null && sub != null) {
        t = LedgerClient.devToken(hub, sub, "liaison.ledger.read");
      }
      return new LedgerClient(hub, t);
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Download a hub's whole log, or read a bundle, and check every leaf hash, the signed root,"
          + " the signature, and consistency with a checkpoint saved earlier. Exit status: 0 verified,"
          + " 1 a check failed, 2 the check could not be run.")
  static final class Verify implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
      @ArgGroup(exclusive = false, multiplicity = "1")
      HubAccess hub;

      @Option(names = "--bundle", paramLabel = "FILE", description = "Verify an exported bundle, offline.")
      Path bundle;
    }

    @CommandLine.Mixin
    TrustedKey key;

    @Option(names = "--from-checkpoint", paramLabel = "FILE", description = "A checkpoint note saved earlier: the log must extend it.")
    Path from;

    @Option(names = "--save-checkpoint", paramLabel = "FILE", description = "On success, save the verified checkpoint note here, for the next --from-checkpoint.")
    Path save;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      LogVerifier.Result r;
      try {
        Optional<VerifierKey> pinned = key.get();
        Optional<String> earlier = from == null ? Optional.empty() : Optional.of(Files.readString(from, StandardCharsets.UTF_8));
        ProgressLine progress = new ProgressLine(err, source.bundle != null ? "checked" : "downloaded");
        if (source.bundle != null) {
          out.println("verifying bundle " + source.bundle + " offline");
          r = LedgerAudit.verifyBundle(source.bundle, pinned, earlier, progress);
        } else {
          out.println("verifying the log of " + source.hub.hub);
          r = LedgerAudit.verifyHub(source.hub.client(), pinned, earlier, progress);
        }
        progress.done();
      } catch (IOException | IllegalArgumentException e) {
        err.println("liaison ledger verify: cannot verify: " + e.getMessage());
        return CANNOT_RUN;
      }
      r.passed().forEach(p -> out.println("  ok    " + p));
      r.failures().forEach(f -> out.println("  FAIL  " + f));
      String what = r.checkpoint() == null ? "the log"
          : r.checkpoint().origin() + " at size " + r.checkpoint().size();
      if (!r.ok()) {
        out.println("VERIFICATION FAILED: " + r.failureCount() + " problem(s) in " + what
            + "; do not trust this log's history");
        return FAILED;
      }
      out.println("VERIFIED: " + what + ", root " + B64.encode(r.checkpoint().root()));
      if (save != null) {
        try {
          Files.writeString(save, r.note(), StandardCharsets.UTF_8);
          out.println("saved the checkpoint to " + save);
        } catch (IOException e) {
          err.println("liaison ledger verify: verified, but cannot save the checkpoint: " + e.getMessage());
          return CANNOT_RUN;
        }
      }
      return VERIFIED;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write a hub's log, as served, to a self-contained bundle that 'verify --bundle' checks offline.")
  static final class Export implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "1")
    HubAccess hub;

    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle file to write.")
    Path file;

    @Override
    public Integer call() {
      return Run.run(spec, CANNOT_RUN, List.of(IOException.class, IllegalArgumentException.class), (out, err) -> {
        ProgressLine progress = new ProgressLine(err, "exported");
        LedgerBundle.Header h = LedgerAudit.export(hub.client(), file, progress);
        progress.done();
        out.println("exported " + h.treeSize() + " entries of " + h.origin() + " to " + file);
        out.println("check it offline with: liaison ledger verify --bundle " + file);
        return VERIFIED;
      });
    }
  }

  @Command(name = "prove", mixinStandardHelpOptions = true,
      description = "Print the evidence that an entry is in the log (the entry, its index, inclusion proof and checkpoint), checked locally.")
  static final class Prove implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "1")
    HubAccess hub;

    /** What to prove: one entry, or everything about a message, an operation or an agreement. */
    static final class Subject {
      @Option(names = "--entry", required = true, paramLabel = "HASH",
          description = "The entry's leaf hash, as a receipt's leaf_hash gives it (base64 or hex).")
      String entry;

      @Option(names = "--message", required = true, paramLabel = "ID",
          description = "Write an evidence bundle (--out) of everything the log says about this channel message.")
      String message;

      @Option(names = "--operation", required = true, paramLabel = "ID",
          description = "Write an evidence bundle (--out) of everything the log says about this operation notice.")
      String operation;

      @Option(names = "--agreement", required = true, paramLabel = "ID",
          description = "Write an evidence bundle (--out) of every step of this agreement (proposal, acceptances, amendments, withdrawal).")
      String agreement;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where --message, --operation or --agreement writes the bundle.")
    Path outFile;

    @Option(names = "--content", paramLabel = "FILE",
        description = "The message as posted (JSON), to include: the bundle then proves its text too.")
    Path content;

    @CommandLine.Mixin
    TrustedKey key;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (subject.entry == null) {
        return bundle(out, err);
      }
      String entry = subject.entry;
      LedgerAudit.Evidence ev;
      try {
        byte[] hash = LedgerClient.parseHash(entry);
        ev = LedgerAudit.prove(hub.client(), hash, key.get());
      } catch (IOException | IllegalArgumentException e) {
        err.println("liaison ledger prove: " + e.getMessage());
        return CANNOT_RUN;
      }
      out.println("entry " + ev.index() + " (leaf hash " + B64.encode(ev.leafHash()) + "):");
      out.println(pretty(ev.entry()));
      out.println("inclusion proof of index " + ev.index() + " in the tree of size " + ev.checkpoint().size()
          + " (" + ev.inclusionPath().size() + " hashes, leaf to root):");
      ev.inclusionPath().forEach(h -> out.println("  " + B64.encode(h)));
      out.println("checkpoint (signed note):");
      out.print(ev.checkpointNote().indent(2));
      out.println("log key: " + ev.key().vkey());
      ev.passed().forEach(p -> out.println("  ok    " + p));
      ev.failures().forEach(f -> out.println("  FAIL  " + f));
      if (!ev.ok()) {
        out.println("NOT PROVEN: the evidence does not hold up");
        return FAILED;
      }
      out.println("PROVEN: entry " + ev.index() + " is in " + ev.checkpoint().origin() + " at size "
          + ev.checkpoint().size());
      return VERIFIED;
    }

    private int bundle(PrintWriter out, PrintWriter err) {
      String kind = subject.message != null ? "message" : subject.operation != null ? "operation" : "agreement";
      String id = subject.message != null ? subject.message : subject.operation != null ? subject.operation
          : subject.agreement;
      if (outFile == null) {
        err.println("liaison ledger prove: --" + kind + " writes a bundle: give --out FILE");
        return CANNOT_RUN;
      }
      try {
        LedgerClient c = hub.client();
        LedgerClient.CheckpointInfo cp = c.checkpoint();
        Optional<VerifierKey> trusted = key.get();
        VerifierKey vk = trusted.isPresent() ? trusted.get() : c.key().verifierKey();
        org.liaison.proof.Checkpoint signed = org.liaison.proof.SignedNote.verify(cp.note(), vk);
        List<org.liaison.proof.LogEntry> log = new java.util.ArrayList<>();
        for (long start = 0; start < signed.size(); start += LedgerClient.MAX_PAGE) {
          log.addAll(c.entries(start, Math.min(signed.size(), start + LedgerClient.MAX_PAGE)));
        }
        List<Evidence.Witness> witnesses = new java.util.ArrayList<>();
        String note = cp.note();
        List<org.liaison.proof.LogEntry> covered = log;
        // Prefer the witnessed checkpoint when it already covers the subject: it needs no trust in the hub's key alone.
        if (cp.cosignedNote().isPresent()) {
          org.liaison.proof.Checkpoint cc = org.liaison.proof.SignedNote.verify(cp.cosignedNote().get(), vk);
          ObjectNode trial = Evidence.build(kind, id, log.subList(0, (int) cc.size()), cp.cosignedNote().get(),
              vk.vkey(), List.of(), null);
          if (trial.get("entries").size() == Evidence.build(kind, id, log, note, vk.vkey(), List.of(), null)
              .get("entries").size()) {
            note = cp.cosignedNote().get();
            covered = log.subList(0, (int) cc.size());
            for (LedgerClient.RegisteredWitness w : c.witnesses()) {
              if (note.contains("\u2014 " + w.key().name() + " ")) {
                witnesses.add(new Evidence.Witness(w.party(), w.key().vkey()));
              }
            }
          }
        }
        JsonNode given = content == null ? null : Json.MAPPER.readTree(Files.readString(content));
        ObjectNode bundle = Evidence.build(kind, id, covered, note, vk.vkey(), witnesses, given);
        Files.writeString(outFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(bundle) + "\n");
        out.println("wrote " + outFile + ": " + bundle.get("entries").size() + " entries about " + kind + " " + id
            + ", checkpoint at size " + covered.size() + (witnesses.isEmpty() ? "" : ", cosigned by "
            + witnesses.stream().map(Evidence.Witness::party).toList()));
        out.println("check it anywhere with: liaison ledger verify-evidence " + outFile);
        return VERIFIED;
      } catch (IOException | IllegalArgumentException | org.liaison.proof.VerificationException e) {
        err.println("liaison ledger prove: " + e.getMessage());
        return CANNOT_RUN;
      }
    }

    private static String pretty(byte[] entry) {
      try {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(entry));
      } catch (IOException e) {
        return new String(entry, StandardCharsets.UTF_8) + "\n(not valid JSON)";
      }
    }
  }

  @Command(name = "verify-evidence", mixinStandardHelpOptions = true,
      description = "Check an evidence bundle offline: who stated what and when, signed by whom, and what rests on the hub alone.")
  static final class VerifyEvidence implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle written by liaison ledger prove --message/--operation/--agreement.")
    Path file;

    @Option(names = "--key", paramLabel = "VKEY", description = "Trusted log key (vkey); default: the one the bundle names.")
    String key;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Evidence.Report r;
      try {
        JsonNode bundle = Json.MAPPER.readTree(Files.readString(file));
        r = Evidence.verify(bundle, key == null ? null : VerifierKey.parse(key));
        out.println("evidence about " + bundle.at("/subject/kind").asText() + " " + bundle.at("/subject/id").asText()
            + " (" + file + ")");
      } catch (IOException | IllegalArgumentException e) {
        err.println("liaison ledger verify-evidence: " + e.getMessage());
        return CANNOT_RUN;
      }
      r.lines().forEach(out::println);
      out.println("statements, in the order the log holds them:");
      r.statements().forEach(s -> out.println("  " + s));
      out.println(r.verified() ? "VERIFIED: every signature and proof holds; statements marked HUB-ATTESTED ONLY rest "
          + "on the hub's word" : "VERIFICATION FAILED: do not rely on this evidence");
      return r.verified() ? VERIFIED : FAILED;
    }
  }

  /** Progress on stderr: redrawn in place on a terminal, a line per tenth otherwise. */
  static final class ProgressLine implements LedgerAudit.Progress {
    private final PrintWriter err;
    private final String verb;
    private final boolean terminal = System.console() != null;
    private long lastTenth = -1;
    private boolean drawn;

    ProgressLine(PrintWriter err, String verb) {
      this.err = err;
      this.verb = verb;
    }

    @Override
    public void at(long done, long total) {
      long tenth = total == 0 ? 10 : done * 10 / total;
      String text = verb + " " + done + "/" + total + " entries (" + (total == 0 ? 100 : done * 100 / total) + "%)";
      if (terminal) {
        err.print("\r" + text);
        drawn = true;
        err.flush();
      } else if (tenth != lastTenth) {
        lastTenth = tenth;
        err.println(text);
        err.flush();
      }
    }

    void done() {
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }

  /** For embedding: a command line for this command with the usual settings. */
  public static CommandLine commandLine() {
    return new CommandLine(new LedgerCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
