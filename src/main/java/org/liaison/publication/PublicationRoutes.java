package org.liaison.publication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.http.Json;
import org.liaison.http.RateLimit;
import org.liaison.http.RateLimiter;

/**
 * {@code /public/v1/...}: the danger areas without a token, each answer with an ETag (a 304 when
 * the consumer has it already), {@code Cache-Control} and a rate limit per client address; and
 * {@code /liaison/v1/publication/...}: each party's own settings, and the hub's.
 */
public final class PublicationRoutes {
  static final String PUBLIC = "/public/v1";
  static final String SETTINGS = "/liaison/v1/publication";
  /** Changing how the hub aggregates is an authority's act, not any party's. */
  static final String ADMIN_SCOPE = "liaison.publication.admin";
  static final int MAX_LIMIT = 1000;
  /** Areas change at most once a minute in practice; a consumer may reuse an answer this long. */
  static final int MAX_AGE_SECONDS = 30;
  /** A refresh costs milliseconds for thousands of notices; requests within this share one. */
  static final long REFRESH_NANOS = 1_000_000_000L;
  private static final List<Set<String>> ANY_PARTY = List.of(
      Set.of("utm.strategic_coordination"), Set.of("utm.constraint_management"),
      Set.of("utm.constraint_processing"), Set.of(ADMIN_SCOPE));
  private static final List<Set<String>> ADMIN = List.of(Set.of(ADMIN_SCOPE));

  private final Publication publication;
  private final Guard guard;
  private final RateLimiter limiter;
  private long refreshedAt = System.nanoTime() - REFRESH_NANOS;

  /** @param publication null when publication is off: every public route answers 404 */
  public PublicationRoutes(Publication publication, Guard guard, RateLimit perClient, java.time.Clock clock) {
    this.publication = publication;
    this.guard = guard;
    this.limiter = new RateLimiter(perClient, clock);
  }

  public void register(RoutesConfig r) {
    r.get(PUBLIC + "/danger-areas.geojson", ctx -> serve(ctx, "application/geo+json",
        s -> Json.MAPPER.writeValueAsString(Formats.geoJson(s))));
    r.get(PUBLIC + "/danger-areas.kml", ctx -> serve(ctx, "application/vnd.google-earth.kml+xml",
        Formats::kml));
    r.get(PUBLIC + "/notams.txt", ctx -> serve(ctx, "text/plain; charset=utf-8", Formats::notams));
    r.get(PUBLIC + "/changes", this::changes);
    r.get(PUBLIC + "/settings", ctx -> {
      Publication p = on(ctx);
      Json.send(ctx, 200, p.config().toJson());
    });
    r.get(SETTINGS + "/settings", ctx -> {
      Principal who = guard.check(ctx.header("Authorization"), ANY_PARTY);
      Json.send(ctx, 200, withParty(publishing().settings(who.party()).toJson(), who.party()));
    });
    r.put(SETTINGS + "/settings", ctx -> {
      Principal who = guard.check(ctx.header("Authorization"), ANY_PARTY);
      Publication p = publishing();
      PartySettings next = p.settings(who.party()).with(Json.body(ctx));
      p.setSettings(who.party(), next);
      Json.send(ctx, 200, withParty(next.toJson(), who.party()));
    });
    r.get(SETTINGS + "/config", ctx -> {
      guard.check(ctx.header("Authorization"), ANY_PARTY);
      Json.send(ctx, 200, publishing().config().toJson());
    });
    r.put(SETTINGS + "/config", ctx -> {
      guard.check(ctx.header("Authorization"), ADMIN);
      Publication p = publishing();
      PublicationConfig next = p.config().with(Json.body(ctx));
      p.configure(next);
      Json.send(ctx, 200, next.toJson());
    });
  }

  private static ObjectNode withParty(ObjectNode n, String party) {
    n.put("party", party);
    return n;
  }

  private Publication publishing() {
    if (publication == null) {
      throw ApiException.notFound("publication is off: the hub publishes danger areas when started with --publish");
    }
    return publication;
  }

  /** The publication, after the rate limit: a 404 when it is off, a 429 when over the limit. */
  private Publication on(Context ctx) {
    Publication p = publishing();
    long wait = limiter.acquire(ctx.ip());
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      throw new ApiException(ApiException.Kind.TOO_MANY_REQUESTS, "rate limit of client " + ctx.ip() + " on " + PUBLIC + " exceeded: "
          + limiter.limit() + "; retry after " + wait + " s");
    }
    return p;
  }

  private Publication.Snapshot current(Publication p) {
    synchronized (this) {
      if (System.nanoTime() - refreshedAt >= REFRESH_NANOS) {
        refreshedAt = System.nanoTime();
        return p.refresh();
      }
    }
    return p.snapshot();
  }

  @FunctionalInterface
  private interface Writer {
    String write(Publication.Snapshot s) throws Exception;
  }

  private void serve(Context ctx, String type, Writer w) throws Exception {
    Publication.Snapshot s = current(on(ctx));
    if (cached(ctx, s.etag())) {
      return;
    }
    ctx.contentType(type).result(w.write(s));
  }

  /** Sets the caching headers; true (and 304) when the consumer already holds this revision. */
  private static boolean cached(Context ctx, String etag) {
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "public, max-age=" + MAX_AGE_SECONDS);
    String held = ctx.header("If-None-Match");
    if (held != null) {
      for (String t : held.split(",")) {
        String tt = t.trim();
        if (tt.equals(etag) || tt.equals("W/" + etag) || tt.equals("*")) {
          ctx.status(304);
          return true;
        }
      }
    }
    return false;
  }

  private void changes(Context ctx) throws Exception {
    Publication p = on(ctx);
    int limit = MAX_LIMIT;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit \"%s\" is not a whole number", Values.truncate(l));
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.badRequest("limit %d is outside [1, %d]", limit, MAX_LIMIT);
      }
    }
    String since = ctx.queryParam("since");
    if (since == null) {
      since = ctx.header("If-None-Match");
    }
    Publication.Snapshot s = current(p);
    long from = since == null ? -1 : since(p, since);
    if (from == s.revision()) {
      // Nothing new: the consumer's revision is the current one.
      cached(ctx, s.etag());
      ctx.status(304);
      return;
    }
    Publication.Changes c = p.changesSince(from, limit);
    ctx.header("ETag", c.etag());
    ctx.header("Cache-Control", "no-cache");
    Json.send(ctx, 200, Formats.changes(c, s));
  }

  private static long since(Publication p, String since) {
    if (since.length() > 64) {
      throw ApiException.badRequest("since is %d characters long; give an ETag, a revision or an RFC 3339 time",
          since.length());
    }
    if (since.matches("\\d{1,18}")) {
      return Long.parseLong(since);
    }
    if (since.contains("\"") || since.matches("[0-9a-f]+-\\d+")) {
      // Another instance's or another run's ETag: the consumer starts again from the whole picture.
      return p.revisionOf(since);
    }
    try {
      return p.revisionAt(Instant.parse(since));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("since \"%s\" is neither an ETag, a revision number nor an RFC 3339 time",
          Values.truncate(since));
    }
  }
}
