package org.liaison.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.liaison.channels.Bodies;
import org.liaison.channels.Envelope;
import org.liaison.channels.Phrasebook;
import org.liaison.client.ChannelsClient;
import org.liaison.client.ServiceException;
import org.liaison.client.TokenProvider;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.keys.PartyKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code liaison channel ...}: the channels API from the command line, over HTTP. */
@Command(name = "channel", mixinStandardHelpOptions = true,
    description = "Standing channels: create, list, consent-plain, send, read, ack and watch.",
    subcommands = {ChannelCommand.Create.class, ChannelCommand.ListChannels.class, ChannelCommand.ConsentPlain.class,
        ChannelCommand.Send.class,
        ChannelCommand.Read.class, ChannelCommand.Ack.class, ChannelCommand.Watch.class})
final class ChannelCommand implements Runnable {
  private static final String API = "/liaison/v1";

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** A failed call, with what the hub said. */
  static final class CallFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CallFailed(String message) {
      super(message);
    }
  }

  /** Scopes of a token the CLI mints from a dev-auth hub. */
  static final List<String> SCOPES = List.of("liaison.channels.read", "liaison.channels.write");

  /** Where the hub is and who we are. Dev-auth hubs mint our token; otherwise pass --token. */
  static final class Connection {
    @Mixin
    HubOption at;

    @Option(names = "--as", required = true, paramLabel = "PARTY", description = "The party you act as (JWT sub).")
    String party;

    @Option(names = "--token", description = "Bearer token; default: minted by the hub's dev-auth /token for --as.")
    String token;

    @Option(names = "--audience", defaultValue = "localhost", description = "Token audience (default: ${DEFAULT-VALUE}).")
    String audience;

    @Option(names = "--keys", paramLabel = "DIR", description = "Sign statements with the party keys in DIR "
        + "(a node's data directory, or one made by `liaison keys generate`); on end-to-end encrypted "
        + "channels, seal what you send and open what you read with them.")
    java.nio.file.Path keys;

    private ChannelsClient client;
    private Bodies bodies;

    /** The sealing and opening of end-to-end encrypted bodies, with the phrasebook to render them. */
    Bodies bodies() {
      if (bodies == null) {
        bodies = new Bodies(Phrasebook.load());
      }
      return bodies;
    }

    /**
     * {@code post} sealed for channel {@code id}'s members when the channel is end-to-end
     * encrypted and we have keys; otherwise as it is (an e2e channel then refuses it, saying so).
     */
    JsonNode sealIfEncrypted(String id, ObjectNode post) throws CallFailed {
      if (keys == null) {
        return post;
      }
      JsonNode ch = call("GET", "/channels/" + id, null);
      if (!"e2e".equals(ch.path("encryption").asText())) {
        return post;
      }
      ChannelsClient c = client();
      try {
        return bodies().seal(ch, party, post, p -> c.currentKeys(p).orElseThrow(() -> new IllegalStateException(
            p + " has no current encryption key at the hub (none published, or the last was revoked),"
                + " so it could not read an end-to-end encrypted message")).x25519());
      } catch (IllegalStateException | ApiException e) {
        throw new CallFailed("sealing for channel " + id + ": " + e.getMessage());
      }
    }

    /**
     * Opens a sealed message in place with our keys; null when it opened (or was not sealed),
     * otherwise why not.
     */
    String open(JsonNode m, String lang) throws CallFailed {
      if (!m.path("encrypted").asBoolean()) {
        return null;
      }
      if (keys == null) {
        return "end-to-end encrypted; give --keys DIR to open it";
      }
      try {
        bodies().open((ObjectNode) m, party, Bodies.keyring(keys, party, PartyKeys.load(keys, party)), lang);
        return null;
      } catch (Envelope.Undecryptable e) {
        return e.getMessage();
      } catch (IOException e) {
        throw new CallFailed("--keys " + keys + ": " + e.getMessage());
      }
    }

    /** The typed channels client, with our token: the one given, or one minted by a dev-auth hub. */
    ChannelsClient client() throws CallFailed {
      if (client == null) {
        if (token == null) {
          try {
            token = TokenProvider.devToken(at.hub, party, "liaison-cli", SCOPES, audience);
          } catch (ServiceException e) {
            throw new CallFailed("cannot get a token from " + at.hub + "/token: " + e.getMessage()
                + (e.status() == 404 ? " Otherwise pass --token." : ""));
          }
        }
        // 70 s outlasts the hub's longest wait, a long-polled event read (60 s).
        client = new ChannelsClient(at.hub, TokenProvider.fixed(token), Duration.ofSeconds(70));
        if (keys != null) {
          try {
            client = client.signingWith(PartyKeys.load(keys, party), java.time.Clock.systemUTC());
          } catch (IOException e) {
            throw new CallFailed("--keys " + keys + ": " + e.getMessage());
          }
        }
      }
      return client;
    }

    /** Checks a typed call's answer as {@link #call} does. */
    JsonNode answer(String what, java.util.function.Supplier<ChannelsClient.Answer> call) throws CallFailed {
      ChannelsClient.Answer a;
      try {
        a = call.get();
      } catch (ServiceException e) {
        throw new CallFailed(e.status() == 0 ? "cannot reach the hub at " + at.hub + ": " + e.getMessage() : e.getMessage());
      } catch (IllegalStateException e) {
        throw new CallFailed(what + ": " + e.getMessage());
      }
      if (a.status() >= 300) {
        throw new CallFailed(what + ": " + a.status() + " " + a.body().path("message").asText(a.body().toString()));
      }
      return a.body();
    }

    /** {@code path} is below the API root; answers other than 2xx are failures, with what the hub said. */
    JsonNode call(String method, String path, JsonNode body) throws CallFailed {
      ChannelsClient.Answer a;
      try {
        a = client().call(method, path, body);
      } catch (ServiceException e) {
        throw new CallFailed(e.status() == 0 ? "cannot reach the hub at " + at.hub + ": " + e.getMessage() : e.getMessage());
      }
      if (a.status() >= 300) {
        throw new CallFailed(method + " " + API + path + ": " + a.status() + " " + a.body().path("message").asText(a.body().toString()));
      }
      return a.body().isNull() ? JsonNodeFactory.instance.objectNode() : a.body();
    }

    /** A channel id, or the name of one of our channels. */
    String channel(String idOrName) throws IOException, InterruptedException, CallFailed {
      try {
        return UUID.fromString(idOrName).toString();
      } catch (IllegalArgumentException notAnId) {
        List<String> ids = new ArrayList<>();
        for (JsonNode ch : call("GET", "/channels", null).get("channels")) {
          if (ch.get("name").asText().equals(idOrName)) {
            ids.add(ch.get("id").asText());
          }
        }
        if (ids.size() != 1) {
          throw new CallFailed(ids.isEmpty() ? "you are in no channel named \"" + idOrName + "\""
              : "several of your channels are named \"" + idOrName + "\"; give the id: " + String.join(", ", ids));
        }
        return ids.get(0);
      }
    }
  }

  /** Runs a subcommand, turning a failed call into a message and exit code 1. */
  abstract static class Sub implements Callable<Integer> {
    @Mixin Connection hub;
    PrintStream out = System.out;

    abstract void execute() throws IOException, InterruptedException, CallFailed;

    @Override
    public Integer call() throws Exception {
      try {
        execute();
        return 0;
      } catch (CallFailed | IOException e) {
        System.err.println("liaison channel: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a channel with you as a member.")
  static final class Create extends Sub {
    @Parameters(index = "0", description = "Channel name.")
    String name;

    @Option(names = "--kind", defaultValue = "group", description = "bilateral or group (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--member", split = ",", description = "Other member(s); repeatable or comma separated.")
    List<String> members = new ArrayList<>();

    @Option(names = "--escalation", description = "notify-group or mark-unresponsive (default by kind).")
    String escalation;

    @Option(names = "--encryption", description = "e2e (bodies sealed for each member's published keys) or none "
        + "(plain text; members with keys must consent-plain first). Default: the hub's, none.")
    String encryption;

    @Override
    void execute() throws IOException, InterruptedException, CallFailed {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("kind", kind);
      ArrayNode ms = body.putArray("members");
      members.forEach(ms::add);
      if (escalation != null) {
        body.put("escalation", escalation);
      }
      if (encryption != null) {
        body.put("encryption", encryption);
      }
      JsonNode ch = hub.call("POST", "/channels", body);
      out.println("created " + describe(ch));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List your channels.")
  static final class ListChannels extends Sub {
    @Override
    void execute() throws IOException, InterruptedException, CallFailed {
      for (JsonNode ch : hub.call("GET", "/channels", null).get("channels")) {
        out.println(describe(ch));
      }
    }
  }

  @Command(name = "consent-plain", mixinStandardHelpOptions = true,
      description = "Consent, signed with --keys, that a channel without end-to-end encryption carries plain text.")
  static final class ConsentPlain extends Sub {
    @Parameters(index = "0", description = "Channel id or name.")
    String channel;

    @Override
    void execute() throws IOException, InterruptedException, CallFailed {
      String id = hub.channel(channel);
      ChannelsClient c = hub.client();
      JsonNode ch = hub.answer("POST " + API + "/channels/" + id + "/plain-consent", () -> c.consentPlain(id));
      out.println((ch.has("receipt") ? "consented" : "already consented") + " to plain text on " + describe(ch)
          + (ch.has("receipt") ? "  ledger leaf " + ch.at("/receipt/leaf_hash").asText() : ""));
    }
  }

  static String describe(JsonNode ch) {
    List<String> ms = new ArrayList<>();
    ch.get("members").forEach(m -> ms.add(m.get("party").asText()));
    String suspended = ch.get("suspended").isNull() ? "" : "  SUSPENDED by " + ch.at("/suspended/by").asText();
    List<String> awaiting = new ArrayList<>();
    ch.path("awaiting_plain_consent").forEach(p -> awaiting.add(p.asText()));
    return ch.get("id").asText() + "  " + ch.get("name").asText() + "  (" + ch.get("kind").asText() + ", "
        + ch.get("escalation").asText() + ", encryption " + ch.path("encryption").asText("none") + ")  members: "
        + String.join(", ", ms) + "  last seq " + ch.get("last_seq").asLong() + suspended
        + (awaiting.isEmpty() ? "" : "  awaiting plain-text consent of " + String.join(", ", awaiting));
  }

  @Command(name = "send", mixinStandardHelpOptions = true,
      description = "Post a message: free text, a phrasebook phrase, or both. Retries are safe.")
  static final class Send extends Sub {
    @Parameters(index = "0", description = "Channel id or name.")
    String channel;

    @Parameters(index = "1", arity = "0..1", description = "Free text.")
    String text;

    @Option(names = "--phrase", description = "Phrasebook type, e.g. vacate-area or safety-of-flight-warning.")
    String phrase;

    @Option(names = "--param", description = "Phrase parameter NAME=VALUE; VALUE is JSON if it parses, else text.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--priority", description = "routine, urgent or safety-of-flight.")
    String priority;

    @Option(names = "--ack-within", paramLabel = "SECONDS", description = "Acknowledgement due within this many seconds.")
    Long ackWithin;

    @Option(names = "--to", split = ",", description = "Addressee(s) among the members (default: every other member).")
    List<String> to = new ArrayList<>();

    @Option(names = "--notice", split = ",", description = "Operation notice id(s) the message is about.")
    List<String> notices = new ArrayList<>();

    @Option(names = "--id", description = "Client message id; reuse it to retry safely (default: a new UUID).")
    String clientId;

    @Override
    void execute() throws IOException, InterruptedException, CallFailed {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("client_message_id", clientId != null ? clientId : UUID.randomUUID().toString());
      if (text != null) {
        body.put("text", text);
      }
      if (phrase != null) {
        ObjectNode p = body.putObject("phrase").put("type", phrase);
        ObjectNode ps = p.putObject("params");
        params.forEach((k, v) -> ps.set(k, jsonOrText(v)));
      }
      if (priority != null) {
        body.put("priority", priority);
      }
      if (ackWithin != null) {
        body.put("ack_within_seconds", ackWithin);
      }
      ArrayNode t = body.putArray("to");
      to.forEach(t::add);
      ArrayNode n = body.putArray("notices");
      notices.forEach(n::add);
      String id = hub.channel(channel);
      ChannelsClient c = hub.client();
      JsonNode toPost = hub.sealIfEncrypted(id, body);
      JsonNode m = hub.answer("POST " + API + "/channels/" + id + "/messages", () -> c.post(id, toPost));
      String closed = hub.open(m, null);
      if (m.path("encrypted").asBoolean()) {
        out.println("sealed for " + String.join(", ", m.at("/sealed/keys").findValuesAsText("party"))
            + (closed == null ? "" : " (does not open here: " + closed + ")"));
      }
      out.println((m.path("replayed").asBoolean() ? "already sent" : "sent") + " #" + m.get("seq").asLong() + " "
          + m.get("id").asText() + " [" + m.get("priority").asText() + "]"
          + (m.get("ack_deadline").isNull() ? "" : " ack due " + m.get("ack_deadline").asText())
          + "  ledger leaf " + m.at("/receipt/leaf_hash").asText());
      // What each recipient reads, exactly.
      m.path("renderings").properties().forEach(e -> out.println("  " + e.getKey() + ": " + e.getValue().asText()));
    }

    private static JsonNode jsonOrText(String v) {
      try {
        return Json.MAPPER.readTree(v);
      } catch (JsonProcessingException e) {
        return JsonNodeFactory.instance.textNode(v);
      }
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true,
      description = "Print a channel's messages and mark those addressed to you read.")
  static final class Read extends Sub {
    @Parameters(index = "0", description = "Channel id or name.")
    String channel;

    @Option(names = "--after", defaultValue = "0", description = "Only messages with a higher seq (default: ${DEFAULT-VALUE}).")
    long after;

    @Option(names = "--no-mark", description = "Do not mark messages read (fetching still marks them delivered).")
    boolean noMark;

    @Option(names = "--lang", paramLabel = "LANG",
        description = "Render in this phrasebook language instead of your directory entry's (e.g. ar, zh-Hans).")
    String lang;

    @Override
    void execute() throws IOException, InterruptedException, CallFailed {
      String id = hub.channel(channel);
      long cursor = after;
      while (true) {
        JsonNode page = hub.call("GET", "/channels/" + id + "/messages?limit=500&after=" + cursor
            + (lang == null ? "" : "&lang=" + java.net.URLEncoder.encode(lang, java.nio.charset.StandardCharsets.UTF_8)),
            null);
        for (JsonNode m : page.get("messages")) {
          String closed = hub.open(m, lang);
          out.println(line(m, hub.party) + (closed == null ? "" : "  [not opened: " + closed + "]"));
          String state = mine(m, hub.party);
          if (closed != null && hub.keys != null && !state.isEmpty()) {
            // Addressed to us and it does not open: say so, signed, never drop it in silence.
            ChannelsClient.Answer r = hub.client().undecryptable(m, closed);
            if (!r.ok()) {
              System.err.println("liaison channel: reporting " + m.get("id").asText() + " undecryptable: " + r.status()
                  + " " + r.body().path("message").asText());
            }
            continue;
          }
          if (!noMark && hub.keys != null && state.equals("sent")) {
            // A keyed party states delivery itself, signed, now that it has the message.
            ChannelsClient c = hub.client();
            hub.answer("POST " + API + "/channels/" + id + "/messages/" + m.get("id").asText() + "/delivered",
                () -> c.delivered(m));
            state = "delivered";
          }
          if (!noMark && state.equals("delivered")) {
            ChannelsClient c = hub.client();
            hub.answer("POST " + API + "/channels/" + id + "/messages/" + m.get("id").asText() + "/read",
                () -> c.read(id, m.get("id").asText()));
          }
        }
        if (page.get("messages").isEmpty()) {
          return;
        }
        cursor = page.get("next_after").asLong();
      }
    }
  }

  /** The state of {@code party}'s copy of the message, or "" when not addressed to it. */
  static String mine(JsonNode m, String party) {
    for (JsonNode d : m.get("deliveries")) {
      if (d.get("party").asText().equals(party)) {
        return d.get("state").asText();
      }
    }
    return "";
  }

  static String line(JsonNode m, String viewer) {
    StringBuilder sb = new StringBuilder();
    sb.append('#').append(m.get("seq").asLong()).append(' ').append(m.get("posted").asText()).append(' ')
        .append(m.get("sender").asText()).append(" [").append(m.get("priority").asText()).append("] ")
        .append(m.at("/rendered/text").asText());
    if (m.at("/rendered/original").isObject()) {
      // An unreviewed translation never travels without the original it was made from.
      sb.append("  [").append(m.at("/rendered/language").asText()).append(": unreviewed translation; ")
          .append(m.at("/rendered/original/language").asText()).append(" original: ")
          .append(m.at("/rendered/original/text").asText()).append(']');
    }
    sb.append("  (id ").append(m.get("id").asText());
    if (!m.get("ack_deadline").isNull()) {
      sb.append(", ack due ").append(m.get("ack_deadline").asText());
    }
    sb.append(')');
    List<String> states = new ArrayList<>();
    for (JsonNode d : m.get("deliveries")) {
      states.add(d.get("party").asText() + "=" + d.get("state").asText() + (d.get("late").asBoolean() ? "(late)" : ""));
    }
    if (!states.isEmpty()) {
      sb.append("  ").append(String.join(" ", states));
    }
    return sb.toString();
  }

  @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge a message addressed to you.")
  static final class Ack extends Sub {
    @Parameters(index = "0", description = "Channel id or name.")
    String channel;

    @Parameters(index = "1", description = "Message id.")
    String message;

    @Option(names = "--reply", description = "Reply text.")
    String reply;

    @Override
    void execute() throws IOException, InterruptedException, CallFailed {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      if (reply != null) {
        body.put("reply", reply);
      }
      String id = hub.channel(channel);
      ChannelsClient c = hub.client();
      JsonNode d = hub.answer("POST " + API + "/channels/" + id + "/messages/" + message + "/ack",
          () -> c.ack(id, message, body.isEmpty() ? null : body));
      out.println((d.get("changed").asBoolean() ? "acknowledged" : "already acknowledged") + " at "
          + d.get("acknowledged").asText() + (d.get("late").asBoolean() ? " (LATE: due " + d.get("ack_deadline").asText()
          + ")" : "") + "  ledger leaf " + d.at("/receipt/leaf_hash").asText());
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Follow the event stream and print each event as it arrives; reconnects without missing any.")
  static final class Watch extends Sub {
    @Option(names = "--after", description = "Start after this event id (default: from now).")
    Long after;

    @Option(names = "--json", description = "Print each event as JSON.")
    boolean json;

    @Override
    void execute() throws IOException, InterruptedException, CallFailed {
      Long last = after;
      while (true) {
        try {
          HttpResponse<InputStream> r = hub.client().events(last);
          try (InputStream body = r.body()) {
            if (r.statusCode() != 200) {
              throw new CallFailed("GET " + API + "/events: " + r.statusCode() + " "
                  + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            last = follow(body, last);
          }
        } catch (IOException | ServiceException e) {
          System.err.println("liaison channel watch: " + e.getMessage() + "; reconnecting");
        }
        Thread.sleep(1000);
      }
    }

    /** Prints events until the stream ends; returns the last id seen. */
    private Long follow(InputStream in, Long last) throws IOException {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String l;
      StringBuilder data = new StringBuilder();
      while ((l = r.readLine()) != null) {
        if (l.startsWith("data:")) {
          data.append(l.substring(5).trim());
        } else if (l.isEmpty() && data.length() > 0) {
          JsonNode e = Json.MAPPER.readTree(data.toString());
          data.setLength(0);
          last = e.get("id").asLong();
          out.println(json ? e.toString() : summary(e, hub.party));
          out.flush();
        }
      }
      return last;
    }
  }

  static String summary(JsonNode e, String viewer) {
    String head = e.get("id").asLong() + " " + e.get("time").asText() + " " + e.get("type").asText() + " ";
    return head + switch (e.get("type").asText()) {
      case "message" -> line(e.get("message"), viewer);
      case "delivery" -> "#" + e.get("seq").asLong() + " " + e.get("recipient").asText() + " " + e.get("state").asText()
          + (e.path("late").asBoolean() ? " (late)" : "") + (e.path("reply").isTextual() ? " reply: "
          + e.get("reply").asText() : "");
      case "escalation" -> "#" + e.get("seq").asLong() + " to " + e.get("recipient").asText() + " not acknowledged by "
          + e.get("ack_deadline").asText() + " (" + e.get("policy").asText() + ")";
      case "availability" -> e.get("party").asText() + " is " + e.get("availability").asText() + " ("
          + e.get("reason").asText() + ")";
      case "membership" -> e.get("party").asText() + " " + e.get("action").asText() + " by " + e.get("by").asText();
      case "channel" -> "channel " + e.get("channel_id").asText() + " " + e.get("action").asText() + " by "
          + e.get("by").asText();
      case "party" -> e.get("party").asText() + " " + e.get("change").asText();
      default -> e.toString();
    };
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
