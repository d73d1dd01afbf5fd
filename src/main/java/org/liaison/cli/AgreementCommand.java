package org.liaison.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.liaison.http.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code liaison agreement ...}: the agreements API from the command line, over HTTP. */
@Command(name = "agreement", mixinStandardHelpOptions = true,
    description = "Agreements (the deconfliction memorandum as code): propose, accept, amend, withdraw, list, show, report.",
    subcommands = {AgreementCommand.Propose.class, AgreementCommand.Accept.class, AgreementCommand.Amend.class,
        AgreementCommand.Withdraw.class, AgreementCommand.ListAgreements.class, AgreementCommand.Show.class,
        AgreementCommand.Report.class})
final class AgreementCommand implements Runnable {
  private static final String PATH = "/agreements";

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** Runs a subcommand, turning a failed call into a message and exit code 1. */
  abstract static class Sub implements Callable<Integer> {
    @Mixin ChannelCommand.Connection hub;
    PrintStream out = System.out;

    abstract void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed;

    @Override
    public Integer call() throws Exception {
      try {
        execute();
        return 0;
      } catch (ChannelCommand.CallFailed | IOException e) {
        System.err.println("liaison agreement: " + e.getMessage());
        return 1;
      }
    }
  }

  static JsonNode read(Path file) throws IOException {
    try {
      return Json.MAPPER.readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + " is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The latest version of agreement {@code id} as the hub shows it: {@code {"version", "document_sha256", …}}. */
  static JsonNode latest(ChannelCommand.Connection hub, String id) throws ChannelCommand.CallFailed {
    JsonNode a = hub.call("GET", PATH + "/" + id, null);
    int v = a.get("latest_version").asInt();
    for (JsonNode x : a.get("versions")) {
      if (x.get("version").asInt() == v) {
        return x;
      }
    }
    throw new ChannelCommand.CallFailed("the hub shows no version " + v + " of agreement " + id);
  }

  /** One line: id, status, versions, title, and who has accepted the latest version. */
  static String describe(JsonNode a) {
    List<String> ps = new ArrayList<>();
    a.get("parties").forEach(p -> ps.add(p.get("party").asText() + (p.get("accepted").isNull() ? " (pending)" : "")));
    String inForce = a.get("in_force_version").isNull() ? "none" : "v" + a.get("in_force_version").asInt();
    return a.get("id").asText() + "  " + a.get("status").asText() + "  in force: " + inForce + ", latest: v"
        + a.get("latest_version").asInt() + "  \"" + a.get("title").asText() + "\"  parties: " + String.join(", ", ps);
  }

  @Command(name = "propose", mixinStandardHelpOptions = true,
      description = "Propose the agreement in FILE (JSON, see GET /liaison/v1/agreements/schema.json).")
  static final class Propose extends Sub {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      out.println("proposed " + describe(hub.call("POST", PATH, hub.client().agreementProposal(read(file)))));
    }
  }

  @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept the latest version of agreement ID.")
  static final class Accept extends Sub {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      JsonNode body = null;
      if (hub.client().signs()) {
        JsonNode latest = latest(hub, id);
        body = hub.client().agreementAcceptance(id, latest.get("version").asInt(), latest.get("document_sha256").asText());
      }
      JsonNode a = hub.call("POST", PATH + "/" + id + "/accept", body);
      out.println((a.path("changed").asBoolean(true) ? "accepted " : "already accepted ") + describe(a));
    }
  }

  @Command(name = "amend", mixinStandardHelpOptions = true,
      description = "Propose FILE as the next version of agreement ID.")
  static final class Amend extends Sub {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      JsonNode doc = read(file);
      JsonNode body = hub.client().signs()
          ? hub.client().agreementAmendment(id, latest(hub, id).get("version").asInt(), doc) : doc;
      out.println("amended " + describe(hub.call("PUT", PATH + "/" + id, body)));
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw from agreement ID.")
  static final class Withdraw extends Sub {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      JsonNode body = null;
      if (hub.client().signs()) {
        JsonNode latest = latest(hub, id);
        body = hub.client().agreementWithdrawal(id, latest.get("version").asInt(), latest.get("document_sha256").asText());
      }
      out.println("withdrew " + describe(hub.call("POST", PATH + "/" + id + "/withdraw", body)));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agreements you are party to.")
  static final class ListAgreements extends Sub {
    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      for (JsonNode a : hub.call("GET", PATH, null).get("agreements")) {
        out.println(describe(a));
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show agreement ID as JSON.")
  static final class Show extends Sub {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(hub.call("GET", PATH + "/" + id, null)));
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Each party's compliance with agreement ID over a period, with the ledger entries behind each figure.")
  static final class Report extends Sub {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @picocli.CommandLine.Option(names = "--from", description = "Start (RFC 3339); default: a day before --to.")
    String from;

    @picocli.CommandLine.Option(names = "--to", description = "End (RFC 3339, exclusive); default: now.")
    String to;

    @picocli.CommandLine.Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      StringBuilder q = new StringBuilder();
      if (from != null) {
        q.append(q.length() == 0 ? "?" : "&").append("from=").append(java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8));
      }
      if (to != null) {
        q.append(q.length() == 0 ? "?" : "&").append("to=").append(java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8));
      }
      JsonNode r = hub.call("GET", PATH + "/" + id + "/compliance" + q, null);
      if (json) {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        return;
      }
      out.printf("agreement %s v%d, %s to %s%n", r.get("agreement").asText(), r.get("version").asInt(),
          r.get("from").asText(), r.get("to").asText());
      for (JsonNode p : r.get("parties")) {
        JsonNode d = p.get("declarations");
        JsonNode w = p.get("warnings_received");
        out.printf("%s: declarations %d (lead median %s s, p5 %s s, %d under the %d-minute minimum %s)%n",
            p.get("party").asText(), d.get("count").asInt(), d.at("/lead_time_seconds/median").asText(),
            d.at("/lead_time_seconds/p5").asText(), d.get("under_minimum").asInt(),
            d.get("minimum_notice_minutes").asInt(), d.get("under_minimum_entries"));
        out.printf("  warnings sent %d %s; received %d: on time %d, late %d, never %d (ack median %s ms, p95 %s ms) %s%n",
            p.at("/warnings_sent/count").asInt(), p.at("/warnings_sent/entries"), w.get("count").asInt(),
            w.get("acknowledged_on_time").asInt(), w.get("acknowledged_late").asInt(), w.get("never_acknowledged").asInt(),
            w.at("/time_to_acknowledge_ms/median").asText(), w.at("/time_to_acknowledge_ms/p95").asText(), w.get("entries"));
        out.printf("  unreachable %.2f h %s; separation breaches %d %s%n", p.at("/unreachable/hours").asDouble(),
            p.at("/unreachable/entries"), p.at("/separation_breaches/count").asInt(), p.at("/separation_breaches/entries"));
      }
    }
  }
}
