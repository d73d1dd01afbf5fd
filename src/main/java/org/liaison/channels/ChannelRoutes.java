package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.http.Json;
import org.liaison.http.StreamGate;
import org.liaison.json.ObjectView;

/** The channels API under {@code /liaison/v1}, and the OpenAPI document that describes it. */
public final class ChannelRoutes {
  static final String BASE = "/liaison/v1";
  static final String READ_SCOPE = "liaison.channels.read";
  static final String WRITE_SCOPE = "liaison.channels.write";
  private static final List<Set<String>> READ = List.of(Set.of(READ_SCOPE), Set.of(WRITE_SCOPE));
  private static final List<Set<String>> WRITE = List.of(Set.of(WRITE_SCOPE));
  static final String OPENAPI = "openapi/liaison-v1.yaml";

  private final Channels channels;
  private final Guard guard;
  private final EventStream events;
  private final StreamGate streams;

  /** {@code streams} bounds the event streams each party and all together hold. */
  public ChannelRoutes(Channels channels, Guard guard, StreamGate streams) {
    this.channels = channels;
    this.guard = guard;
    this.events = new EventStream(channels);
    this.streams = streams;
  }

  public void register(RoutesConfig r) {
    r.get(BASE + "/openapi.yaml", this::openapi);
    r.get(BASE + "/phrasebook", ctx -> {
      auth(ctx, READ);
      Json.send(ctx, 200, channels.core().phrasebook.describe());
    });

    r.get(BASE + "/parties", this::parties);
    r.get(BASE + "/parties/{party}", ctx -> {
      auth(ctx, READ);
      Json.send(ctx, 200, channels.views().party(channels.presence().party(ctx.pathParam("party"))));
    });
    r.put(BASE + "/parties/{party}", ctx -> {
      Principal p = auth(ctx, WRITE);
      Presence.Updated u = channels.presence().update(p.party(), ctx.pathParam("party"), Json.body(ctx));
      Json.send(ctx, 200, withReceipt(channels.views().party(u.party()), u));
    });
    r.get(BASE + "/parties/{party}/keys", ctx -> {
      auth(ctx, READ);
      String party = ctx.pathParam("party");
      Json.send(ctx, 200, channels.views().keys(party, channels.keys().history(party)));
    });
    r.put(BASE + "/parties/{party}/keys", ctx -> {
      Principal p = auth(ctx, WRITE);
      KeyDirectory.Changed k = channels.keys().publish(p.party(), ctx.pathParam("party"), Json.body(ctx));
      Json.send(ctx, k.changed() ? 201 : 200, channels.views().keyRow(k.row()).put("changed", k.changed()));
    });
    r.post(BASE + "/parties/{party}/keys/{key}/revoke", ctx -> {
      Principal p = auth(ctx, WRITE);
      KeyDirectory.Changed k = channels.keys().revoke(p.party(), ctx.pathParam("party"), ctx.pathParam("key"),
          Json.body(ctx));
      Json.send(ctx, 200, channels.views().keyRow(k.row()).put("changed", k.changed()));
    });
    r.post(BASE + "/parties/{party}/heartbeat", ctx -> {
      Principal p = auth(ctx, WRITE);
      Presence.Updated u = channels.presence().heartbeat(p.party(), ctx.pathParam("party"), optionalBody(ctx));
      ObjectNode out = channels.views().party(u.party());
      out.put("next_heartbeat_before", Views.time(u.party().lastHeartbeat()
          .plus(channels.presence().allowedSilence(u.party()))));
      Json.send(ctx, 200, withReceipt(out, u));
    });

    r.get(BASE + "/channels", this::listChannels);
    r.post(BASE + "/channels", ctx -> {
      Principal p = auth(ctx, WRITE);
      Json.send(ctx, 201, listing(channels.create(p.party(), Json.body(ctx))));
    });
    r.get(BASE + "/channels/{id}", ctx -> {
      Principal p = auth(ctx, READ);
      Json.send(ctx, 200, listing(channels.channel(p.party(), ctx.pathParam("id"))));
    });
    r.post(BASE + "/channels/{id}/members", ctx -> {
      Principal p = auth(ctx, WRITE);
      Json.send(ctx, 200, listing(channels.addMember(p.party(), ctx.pathParam("id"), Json.body(ctx))));
    });
    r.delete(BASE + "/channels/{id}/members/{party}", ctx -> {
      Principal p = auth(ctx, WRITE);
      Json.send(ctx, 200, listing(channels.removeMember(p.party(), ctx.pathParam("id"), ctx.pathParam("party"))));
    });
    r.post(BASE + "/channels/{id}/plain-consent", ctx -> {
      Principal p = auth(ctx, WRITE);
      Json.send(ctx, 200, listing(channels.consentPlain(p.party(), ctx.pathParam("id"), optionalBody(ctx))));
    });
    r.post(BASE + "/channels/{id}/suspend", ctx -> suspension(ctx, "suspend-channel"));
    r.post(BASE + "/channels/{id}/resume", ctx -> suspension(ctx, "resume-channel"));

    r.get(BASE + "/channels/{id}/messages", this::page);
    r.post(BASE + "/channels/{id}/messages", ctx -> {
      Principal p = auth(ctx, WRITE);
      post(ctx, p, Json.body(ctx));
    });
    r.get(BASE + "/channels/{id}/messages/{mid}", ctx -> {
      Principal p = auth(ctx, READ);
      Deliveries.Seen s = channels.deliveries().message(p.party(), ctx.pathParam("id"), ctx.pathParam("mid"));
      Json.send(ctx, 200, channels.views().message(s.message(), s.deliveries(), p.party(), s.languages(), lang(ctx)));
    });
    r.post(BASE + "/channels/{id}/messages/{mid}/read", ctx -> {
      Principal p = auth(ctx, WRITE);
      acted(ctx, channels.deliveries().markRead(p.party(), ctx.pathParam("id"), ctx.pathParam("mid"), optionalBody(ctx)));
    });
    r.post(BASE + "/channels/{id}/messages/{mid}/delivered", ctx -> {
      Principal p = auth(ctx, WRITE);
      acted(ctx, channels.deliveries().markDelivered(p.party(), ctx.pathParam("id"), ctx.pathParam("mid"),
          optionalBody(ctx)));
    });
    r.post(BASE + "/channels/{id}/messages/{mid}/ack", ctx -> {
      Principal p = auth(ctx, WRITE);
      acted(ctx, channels.deliveries().acknowledge(p.party(), ctx.pathParam("id"), ctx.pathParam("mid"), optionalBody(ctx)));
    });
    r.post(BASE + "/channels/{id}/messages/{mid}/undecryptable", ctx -> {
      Principal p = auth(ctx, WRITE);
      DecryptFailures.Reported u = channels.decryptFailures().report(p.party(), ctx.pathParam("id"),
          ctx.pathParam("mid"), Json.body(ctx));
      ObjectNode out = Views.JSON.objectNode().put("message_id", u.messageId()).put("recipient", u.recipient())
          .put("reason", u.reason()).put("time", Views.time(u.time()));
      out.set("receipt", channels.views().receipt(u.receipt()));
      Json.send(ctx, 200, out);
    });

    r.get(BASE + "/events", ctx -> events.serve(ctx, auth(ctx, READ).party(), streams));
  }

  private Principal auth(Context ctx, List<Set<String>> scopes) {
    return guard.check(ctx.header("Authorization"), scopes);
  }

  private static JsonNode optionalBody(Context ctx) {
    return ctx.body().isBlank() ? null : Json.body(ctx);
  }

  private ObjectNode withReceipt(ObjectNode n, Presence.Updated u) {
    n.set("receipt", channels.views().receipt(u.receipt()));
    return n;
  }

  private void parties(Context ctx) {
    auth(ctx, READ);
    ObjectNode out = Views.JSON.objectNode();
    ArrayNode arr = out.putArray("parties");
    channels.presence().parties().forEach(p -> arr.add(channels.views().party(p)));
    Json.send(ctx, 200, out);
  }

  private void listChannels(Context ctx) {
    Principal p = auth(ctx, READ);
    ObjectNode out = Views.JSON.objectNode();
    ArrayNode arr = out.putArray("channels");
    channels.channelsOf(p.party()).forEach(l -> arr.add(channels.views().channel(l)));
    Json.send(ctx, 200, out);
  }

  private ObjectNode listing(Channels.Listing l) {
    ObjectNode n = channels.views().channel(l);
    if (l.receipt() != null) {
      n.set("receipt", channels.views().receipt(l.receipt()));
    }
    return n;
  }

  private void post(Context ctx, Principal p, JsonNode body) {
    Channels.Posted posted = channels.post(p.party(), ctx.pathParam("id"), body);
    ObjectNode out = channels.views().message(posted.message(), posted.deliveries(), p.party(), channels.languages());
    out.put("replayed", posted.replay());
    Json.send(ctx, posted.replay() ? 200 : 201, out);
  }

  /** Suspending or resuming is posting the phrase of that name, so members see and acknowledge it. */
  private void suspension(Context ctx, String phrase) {
    Principal p = auth(ctx, WRITE);
    JsonNode given = optionalBody(ctx);
    ObjectNode body = Views.JSON.objectNode();
    ObjectNode ph = body.putObject("phrase").put("type", phrase);
    ObjectNode params = ph.putObject("params");
    if (given != null) {
      ObjectView.of(given).onlyKnown(Set.of("client_message_id", "reason"));
      if (given.hasNonNull("client_message_id")) {
        body.set("client_message_id", given.get("client_message_id"));
      }
      if (given.hasNonNull("reason")) {
        if (phrase.equals("resume-channel")) {
          throw ApiException.badRequest("reason is for suspending; resume-channel takes none");
        }
        params.set("reason", given.get("reason"));
      }
    }
    post(ctx, p, body);
  }

  /** The {@code lang} query parameter: render in this phrasebook language instead of the reader's. */
  private String lang(Context ctx) {
    String lang = ctx.queryParam("lang");
    if (lang == null) {
      return null;
    }
    if (!channels.core().phrasebook.languages().contains(lang)) {
      throw ApiException.badRequest("lang \"%s\" is not one of the phrasebook's languages: %s", Values.truncate(lang),
          String.join(", ", channels.core().phrasebook.languages()));
    }
    return lang;
  }

  private void page(Context ctx) {
    Principal p = auth(ctx, READ);
    long after = queryLong(ctx, "after", 0, 0, Long.MAX_VALUE);
    int limit = (int) queryLong(ctx, "limit", 100, 1, Channels.MAX_PAGE);
    List<Deliveries.Seen> page = channels.deliveries().messages(p.party(), ctx.pathParam("id"), after, limit);
    ObjectNode out = Views.JSON.objectNode();
    ArrayNode arr = out.putArray("messages");
    String lang = lang(ctx);
    page.forEach(s -> arr.add(channels.views().message(s.message(), s.deliveries(), p.party(), s.languages(), lang)));
    out.put("next_after", page.isEmpty() ? after : page.get(page.size() - 1).message().seq());
    Json.send(ctx, 200, out);
  }

  private void acted(Context ctx, Deliveries.Acted a) {
    ObjectNode out = channels.views().delivery(a.delivery(), a.languages());
    out.put("message_id", a.delivery().messageId());
    out.put("changed", a.changed());
    out.set("receipt", channels.views().receipt(a.receipt()));
    Json.send(ctx, 200, out);
  }

  private static long queryLong(Context ctx, String name, long dflt, long min, long max) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) {
      return dflt;
    }
    try {
      long v = Long.parseLong(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("%s \"%s\" must be a whole number in [%d, %d]", name, Values.truncate(s), min, max);
  }

  private void openapi(Context ctx) throws IOException {
    try (InputStream in = ChannelRoutes.class.getClassLoader().getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IllegalStateException("resource " + OPENAPI + " is missing from the classpath");
      }
      ctx.contentType("application/yaml").result(in.readAllBytes());
    }
  }
}
