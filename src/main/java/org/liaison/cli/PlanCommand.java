package org.liaison.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.liaison.client.NodeClient;
import org.liaison.client.ServiceException;
import org.liaison.http.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liaison plan …}: the planning workflow against the party's own node. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Plan operations through your node: submit, modify, activate, nonconforming, contingent, telemetry, "
        + "end, cancel, list, show.",
    subcommands = {
        PlanCommand.Submit.class, PlanCommand.Modify.class, PlanCommand.Activate.class, PlanCommand.Nonconforming.class,
        PlanCommand.Contingent.class, PlanCommand.TelemetryReports.class, PlanCommand.End.class, PlanCommand.Cancel.class,
        PlanCommand.ListPlans.class, PlanCommand.Show.class, PlanCommand.Notifications.class})
final class PlanCommand implements Runnable {
  /** Exit status of a plan the node refused for conflicts. */
  static final int REFUSED = 3;

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** Where the node is and how to prove we are its operator. */
  static final class NodeAccess {
    @Option(names = "--node", defaultValue = "http://localhost:8090", description = "Your node's URL (default: ${DEFAULT-VALUE}).")
    URI node;

    @Option(names = "--data", defaultValue = "liaison-node", description = "The node's data directory, for its operator-token (default: ./${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--token", description = "The operator token itself (default: $LIAISON_NODE_TOKEN, else DATA/operator-token).")
    String token;

    @Option(names = "--json", description = "Print the node's JSON answer instead of a summary.")
    boolean json;

    NodeClient client() throws IOException {
      String t = token != null ? token : System.getenv("LIAISON_NODE_TOKEN");
      if (t == null) {
        Path f = data.resolve("operator-token");
        if (!Files.isReadable(f)) {
          throw new IOException("no operator token: give --token, set LIAISON_NODE_TOKEN, or --data DIR of the node (" + f + " is not readable)");
        }
        t = Files.readString(f).trim();
      }
      return new NodeClient(node, t);
    }
  }

  /** The slot finder's limits, as flags. */
  static final class SuggestOptions {
    @Option(names = "--suggest", description = "If refused, propose the nearest conflict-free start time and altitude band.")
    boolean suggest;

    @Option(names = "--take", description = "If refused, declare the proposed slot at once: time or altitude.")
    String take;

    @Option(names = "--max-delay", description = "Latest start the slot finder may propose, in seconds later (default 7200).")
    Double maxDelay;

    @Option(names = "--max-advance", description = "Earliest start it may propose, in seconds earlier (default 0).")
    Double maxAdvance;

    @Option(names = "--max-climb", description = "Metres it may move the plan up (default 300).")
    Double maxClimb;

    @Option(names = "--max-descent", description = "Metres it may move the plan down (default 300).")
    Double maxDescent;

    @Option(names = "--min-altitude", description = "Lowest altitude (m, W84) a proposed band may reach.")
    Double minAltitude;

    @Option(names = "--max-altitude", description = "Highest altitude (m, W84) a proposed band may reach.")
    Double maxAltitude;

    void apply(ObjectNode plan) {
      boolean any = maxDelay != null || maxAdvance != null || maxClimb != null || maxDescent != null
          || minAltitude != null || maxAltitude != null;
      if (suggest || any) {
        ObjectNode s = plan.putObject("suggest");
        put(s, "max_delay_s", maxDelay);
        put(s, "max_advance_s", maxAdvance);
        put(s, "max_climb_m", maxClimb);
        put(s, "max_descent_m", maxDescent);
        put(s, "min_altitude_m", minAltitude);
        put(s, "max_altitude_m", maxAltitude);
      }
      if (take != null) {
        plan.put("take", take);
      }
    }

    private static void put(ObjectNode o, String f, Double v) {
      if (v != null) {
        o.put(f, v);
      }
    }
  }

  abstract static class Action implements Callable<Integer> {
    @Mixin NodeAccess access;

    abstract NodeClient.Answer send(NodeClient c) throws IOException;

    @Override
    public Integer call() {
      NodeClient.Answer a;
      try {
        a = send(access.client());
      } catch (IOException | ServiceException | IllegalArgumentException e) {
        System.err.println("liaison plan: " + e.getMessage());
        return 1;
      }
      if (access.json) {
        System.out.println(a.body().toPrettyString());
      } else {
        print(a);
      }
      return a.ok() ? 0 : a.status() == 409 && a.body().has("conflicts") ? REFUSED : 1;
    }

    void print(NodeClient.Answer a) {
      PlanCommand.print(a);
    }
  }

  static ObjectNode read(Path file) throws IOException {
    JsonNode n = Json.MAPPER.readTree(Files.readString(file));
    if (!n.isObject()) {
      throw new IOException(file + " does not hold a JSON object");
    }
    return (ObjectNode) n;
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, description = "Check a plan against everyone within the buffers and declare it.")
  static final class Submit extends Action {
    @Parameters(index = "0", paramLabel = "FILE.json", description = "The plan: volumes (ASTM Volume4D), priority, purpose.")
    Path file;

    @Mixin SuggestOptions suggest;

    @Override
    NodeClient.Answer send(NodeClient c) throws IOException {
      ObjectNode plan = read(file);
      suggest.apply(plan);
      return c.submit(plan);
    }

    @Override
    void print(NodeClient.Answer a) {
      PlanCommand.print(a);
      writeSuggestions(file, a.body());
    }
  }

  @Command(name = "modify", mixinStandardHelpOptions = true, description = "Change a declared plan; the conflict check runs again.")
  static final class Modify extends Action {
    @Parameters(index = "0", paramLabel = "ID") UUID id;

    @Parameters(index = "1", paramLabel = "FILE.json") Path file;

    @Mixin SuggestOptions suggest;

    @Override
    NodeClient.Answer send(NodeClient c) throws IOException {
      ObjectNode plan = read(file);
      suggest.apply(plan);
      return c.modify(id, plan);
    }

    @Override
    void print(NodeClient.Answer a) {
      PlanCommand.print(a);
      writeSuggestions(file, a.body());
    }
  }

  /** A change of a plan's state, named by its subcommand: {@code POST /liaison/v1/plans/{id}/<name>}. */
  abstract static class Lifecycle extends Action {
    @Parameters(index = "0", paramLabel = "ID") UUID id;
    @Spec CommandSpec spec;

    @Override
    NodeClient.Answer send(NodeClient c) {
      return c.lifecycle(id, spec.name());
    }
  }

  @Command(name = "activate", mixinStandardHelpOptions = true, description = "The operation is starting: Accepted becomes Activated.")
  static final class Activate extends Lifecycle {
  }

  @Command(name = "nonconforming", mixinStandardHelpOptions = true,
      description = "The aircraft left its volumes but should recover: Activated becomes Nonconforming; peers may ask for its telemetry.")
  static final class Nonconforming extends Lifecycle {
  }

  @Command(name = "contingent", mixinStandardHelpOptions = true,
      description = "The aircraft cannot conform any more: Activated or Nonconforming becomes Contingent; only end follows.")
  static final class Contingent extends Lifecycle {
  }

  @Command(name = "telemetry", mixinStandardHelpOptions = true,
      description = {"Report the aircraft's positions for a plan. Peers are served the latest while the plan is "
          + "Nonconforming or Contingent.",
          "One position: --lat and --lng (and --alt, --time, --speed, --track). A stream: --file FILE, or --file - for "
              + "standard input, one ASTM VehicleTelemetry JSON object a line, each sent as it is read."})
  static final class TelemetryReports implements Callable<Integer> {
    @Mixin NodeAccess access;

    @Parameters(index = "0", paramLabel = "ID") UUID id;

    @Option(names = "--lat", description = "Latitude, degrees north.") Double lat;

    @Option(names = "--lng", description = "Longitude, degrees east.") Double lng;

    @Option(names = "--alt", description = "Altitude in metres, WGS84.") Double alt;

    @Option(names = "--time", description = "When measured, RFC 3339 (default: now).") String time;

    @Option(names = "--speed", description = "Ground speed, m/s.") Double speed;

    @Option(names = "--track", description = "Ground track, degrees east of north.") Double track;

    @Option(names = "--file", paramLabel = "FILE", description = "JSON Lines of VehicleTelemetry; - for standard input.")
    String file;

    @Override
    public Integer call() {
      if ((file == null) == (lat == null || lng == null)) {
        System.err.println("liaison plan telemetry: give either --lat and --lng, or --file");
        return 2;
      }
      try {
        NodeClient c = access.client();
        if (file == null) {
          return send(c, position(), null) ? 0 : 1;
        }
        try (BufferedReader in = file.equals("-")
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
          int n = 0;
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            n++;
            if (line.isBlank()) {
              continue;
            }
            JsonNode t;
            try {
              t = Json.MAPPER.readTree(line);
            } catch (IOException e) {
              System.err.println("liaison plan telemetry: line " + n + " is not JSON: " + e.getMessage());
              return 1;
            }
            if (!send(c, t, "line " + n)) {
              return 1;
            }
          }
          return 0;
        }
      } catch (IOException | ServiceException | IllegalArgumentException e) {
        System.err.println("liaison plan telemetry: " + e.getMessage());
        return 1;
      }
    }

    private ObjectNode position() {
      ObjectNode t = Json.MAPPER.createObjectNode();
      t.putObject("time_measured").put("value", time != null ? time : Instant.now().toString()).put("format", "RFC3339");
      ObjectNode p = t.putObject("position");
      p.put("latitude", lat).put("longitude", lng);
      if (alt != null) {
        p.putObject("altitude").put("value", alt).put("reference", "W84").put("units", "M");
      }
      if (speed != null) {
        ObjectNode v = t.putObject("velocity").put("speed", speed).put("units_speed", "MetersPerSecond");
        if (track != null) {
          v.put("track", track);
        }
      }
      return t;
    }

    private boolean send(NodeClient c, JsonNode telemetry, String where) {
      NodeClient.Answer a = c.telemetry(id, telemetry);
      if (access.json) {
        System.out.println(a.body().toString());
      } else if (a.ok()) {
        JsonNode b = a.body();
        System.out.printf(Locale.ROOT, "plan %s (%s): %d position(s), %d new; %s%n", id, b.path("state").asText(),
            b.path("received").asInt(), b.path("new").asInt(),
            b.path("served_to_peers").asBoolean() ? "served to peers" : "kept; served to peers once off-nominal");
      } else {
        System.out.println("error " + a.status() + (where == null ? "" : " at " + where) + ": " + a.body().path("message").asText());
      }
      return a.ok();
    }
  }

  @Command(name = "end", mixinStandardHelpOptions = true,
      description = "The operation is over (Activated, Nonconforming or Contingent): its reference is deleted at the hub.")
  static final class End extends Lifecycle {
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Withdraw an Accepted plan that will not fly.")
  static final class Cancel extends Lifecycle {
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List this party's plans.")
  static final class ListPlans extends Action {
    @Override
    NodeClient.Answer send(NodeClient c) {
      return c.plans();
    }

    @Override
    void print(NodeClient.Answer a) {
      if (!a.ok()) {
        PlanCommand.print(a);
        return;
      }
      for (JsonNode p : a.body().path("plans")) {
        System.out.printf(Locale.ROOT, "%s  %-9s  priority %-3d  %s .. %s  %s%n", p.path("id").asText(), p.path("state").asText(),
            p.path("priority").asLong(), p.path("reference").path("time_start").path("value").asText(),
            p.path("reference").path("time_end").path("value").asText(), p.path("purpose").asText());
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one plan with its history and receipts.")
  static final class Show extends Action {
    @Parameters(index = "0", paramLabel = "ID") UUID id;

    @Override
    NodeClient.Answer send(NodeClient c) {
      return c.plan(id);
    }

    @Override
    void print(NodeClient.Answer a) {
      System.out.println(a.body().toPrettyString());
    }
  }

  @Command(name = "notifications", mixinStandardHelpOptions = true, description = "Show how this node's notifications fared.")
  static final class Notifications extends Action {
    @Option(names = "--status", description = "pending, delivered or failed (default: all).")
    String status;

    @Override
    NodeClient.Answer send(NodeClient c) {
      return c.notifications(status);
    }

    @Override
    void print(NodeClient.Answer a) {
      if (!a.ok()) {
        PlanCommand.print(a);
        return;
      }
      for (JsonNode n : a.body().path("notifications")) {
        System.out.printf(Locale.ROOT, "#%d %-9s attempts %d  %s  %s%s%n", n.path("delivery").asLong(), n.path("status").asText(),
            n.path("attempts").asInt(), n.path("url").asText(), n.has("latency_ms") ? n.path("latency_ms").asLong() + " ms" : "",
            n.has("last_error") && !n.path("status").asText().equals("delivered") ? "  last: " + n.path("last_error").asText() : "");
      }
    }
  }

  // ---------------------------------------------------------------- output

  static void print(NodeClient.Answer a) {
    JsonNode b = a.body();
    if (!b.has("result")) {
      System.out.println("error " + a.status() + ": " + b.path("message").asText(b.toString()));
      return;
    }
    System.out.println(b.path("result").asText() + ": " + b.path("message").asText());
    JsonNode plan = b.path("plan");
    if (!plan.isMissingNode()) {
      JsonNode ref = plan.path("reference");
      System.out.printf(Locale.ROOT, "  plan %s: %s, version %d, %s .. %s%n", plan.path("id").asText(), plan.path("state").asText(),
          ref.path("version").asLong(), ref.path("time_start").path("value").asText(), ref.path("time_end").path("value").asText());
    }
    JsonNode r = b.path("receipt");
    if (r.isObject()) {
      System.out.printf(Locale.ROOT, "  receipt: leaf %s, signed by %s at %s%n", r.path("leaf_hash").asText(),
          r.path("key_name").asText(), r.path("time").asText());
    }
    if (b.has("took")) {
      JsonNode t = b.path("took");
      System.out.println("  took the suggested " + t.path("kind").asText() + " slot: "
          + (t.has("shift_s") ? shift(t.path("shift_s").asDouble(), "s") : shift(t.path("shift_m").asDouble(), "m")));
    }
    for (JsonNode c : b.path("conflicts")) {
      System.out.println("  " + (c.path("blocking").asBoolean() ? "conflict" : "allowed conflict") + ": " + c.path("summary").asText());
      JsonNode w = c.path("worst");
      System.out.printf(Locale.ROOT, "    inside the buffers by %s horizontally, %s vertically, %s in time%n",
          figure(w.path("horizontal_intrusion_m"), "m"), figure(w.path("vertical_intrusion_m"), "m"), figure(w.path("time_intrusion_s"), "s"));
    }
    JsonNode s = b.path("suggestions");
    if (s.isObject()) {
      if (s.has("time")) {
        System.out.printf(Locale.ROOT, "  suggestion (time): start %s: %s .. %s%n", shift(s.path("time").path("shift_s").asDouble(), "s"),
            s.path("time").path("time_start").asText(), s.path("time").path("time_end").asText());
      }
      if (s.has("time_earlier")) {
        System.out.printf(Locale.ROOT, "  suggestion (earlier): start %s: %s .. %s%n", shift(s.path("time_earlier").path("shift_s").asDouble(), "s"),
            s.path("time_earlier").path("time_start").asText(), s.path("time_earlier").path("time_end").asText());
      }
      if (s.has("altitude")) {
        System.out.printf(Locale.ROOT, "  suggestion (altitude): %s: %s .. %s m%n", shift(s.path("altitude").path("shift_m").asDouble(), "m"),
            num(s.path("altitude").path("altitude_lower_m").asDouble()), num(s.path("altitude").path("altitude_upper_m").asDouble()));
      }
      for (JsonNode n : s.path("notes")) {
        System.out.println("  no suggestion: " + n.asText());
      }
    }
    if (b.has("notifications") && b.path("notifications").size() > 0) {
      System.out.println("  notifying " + b.path("notifications").size() + " subscriber(s); see: liaison plan notifications");
    }
  }

  /** Writes each suggested plan beside the input, ready to submit. */
  static void writeSuggestions(Path file, JsonNode body) {
    JsonNode s = body.path("suggestions");
    if (!s.isObject()) {
      return;
    }
    String base = file.getFileName().toString().replaceFirst("\\.json$", "");
    for (String kind : new String[] {"time", "time_earlier", "altitude"}) {
      if (s.has(kind)) {
        Path out = file.resolveSibling(base + ".suggested-" + kind.replace('_', '-') + ".json");
        try {
          Files.writeString(out, s.path(kind).path("plan").toPrettyString() + "\n");
          System.out.println("  wrote " + out + " (submit it to take that slot)");
        } catch (IOException e) {
          System.err.println("liaison plan: cannot write " + out + ": " + e.getMessage());
        }
      }
    }
  }

  private static String shift(double v, String unit) {
    String dir = unit.equals("s") ? (v >= 0 ? "later" : "earlier") : (v >= 0 ? "up" : "down");
    return num(Math.abs(v)) + " " + unit + " " + dir;
  }

  private static String figure(JsonNode n, String unit) {
    return n.isNull() || n.isMissingNode() ? "an unbounded amount" : num(n.asDouble()) + " " + unit;
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
