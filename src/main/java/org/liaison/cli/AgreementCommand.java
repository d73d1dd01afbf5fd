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
    description = "Agreements (the deconfliction memorandum as code): propose, accept, amend, withdraw, list, show.",
    subcommands = {AgreementCommand.Propose.class, AgreementCommand.Accept.class, AgreementCommand.Amend.class,
        AgreementCommand.Withdraw.class, AgreementCommand.ListAgreements.class, AgreementCommand.Show.class})
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
      out.println("proposed " + describe(hub.call("POST", PATH, read(file))));
    }
  }

  @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept the latest version of agreement ID.")
  static final class Accept extends Sub {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      JsonNode a = hub.call("POST", PATH + "/" + id + "/accept", null);
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
      out.println("amended " + describe(hub.call("PUT", PATH + "/" + id, read(file))));
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw from agreement ID.")
  static final class Withdraw extends Sub {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      out.println("withdrew " + describe(hub.call("POST", PATH + "/" + id + "/withdraw", null)));
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
}
