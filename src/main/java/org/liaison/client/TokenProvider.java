package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.liaison.auth.DevAuthority;
import org.liaison.auth.TokenVerifier;
import org.liaison.http.Json;

/**
 * Bearer tokens for calls to a hub or a peer node. A token names the calling party ({@code sub})
 * and the audience it is for: the host name of the service called (see {@link #audienceOf}).
 */
@FunctionalInterface
public interface TokenProvider {
  /**
   * Scopes a party node asks for: planning, reading restrictions and declaring them, and
   * conformance monitoring (declaring its own operations Nonconforming or Contingent, and reading
   * the telemetry of others' off-nominal operations).
   */
  List<String> NODE_SCOPES = List.of("utm.strategic_coordination", "utm.constraint_processing",
      "utm.constraint_management", "utm.conformance_monitoring_sa");

  /** A token whose {@code aud} is {@code audience}; the raw JWT, without "Bearer ". */
  String token(String audience);

  /** The same token for every audience; for tests and for a token given on the command line. */
  static TokenProvider fixed(String token) {
    return audience -> token;
  }

  /**
   * Tokens minted by a hub running with {@code --dev-auth} ({@code GET /token}), cached until
   * five minutes before they expire. For development only.
   */
  static TokenProvider devAuth(URI hub, String party, List<String> scopes, Clock clock) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return cached(clock, audience -> {
      URI uri = hub.resolve("/token?grant_type=client_credentials&scope=" + enc(String.join(" ", scopes))
          + "&intended_audience=" + enc(audience) + "&issuer=" + enc(party) + "&sub=" + enc(party));
      HttpResponse<String> r;
      try {
        r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new ServiceException(0, "GET", uri, "no answer from the dev-auth token route: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceException(0, "GET", uri, "interrupted", e);
      }
      if (r.statusCode() != 200) {
        throw new ServiceException(r.statusCode(), "GET", uri, "token refused: " + r.body()
            + (r.statusCode() == 404 ? " (is the hub running with --dev-auth?)" : ""), null);
      }
      try {
        JsonNode n = Json.MAPPER.readTree(r.body());
        return n.get("access_token").asText();
      } catch (IOException | RuntimeException e) {
        throw new ServiceException(r.statusCode(), "GET", uri, "malformed token response", e);
      }
    });
  }

  /**
   * Tokens signed locally with the party's own RS256 key, for hubs and peers that trust its
   * public key. Each lives {@link TokenVerifier#MAX_LIFETIME} and is reused until five minutes
   * before it expires.
   */
  static TokenProvider signing(DevAuthority key, String party, List<String> scopes, Clock clock) {
    return cached(clock, audience -> key.mint(party, scopes, audience, party, TokenVerifier.MAX_LIFETIME));
  }

  /**
   * The audience a token for {@code service} must carry: its host name, with loopback addresses
   * written as {@code localhost}, the audience a local hub and node expect by default.
   */
  static String audienceOf(URI service) {
    String host = service.getHost() == null ? "" : service.getHost();
    if (host.startsWith("127.") || host.equals("[::1]") || host.equals("::1") || host.equalsIgnoreCase("localhost")) {
      return "localhost";
    }
    return host;
  }

  private static TokenProvider cached(Clock clock, TokenProvider source) {
    record Cached(String token, Instant refreshAt) {}
    Map<String, Cached> cache = new ConcurrentHashMap<>();
    return audience -> {
      Cached c = cache.get(audience);
      if (c == null || !clock.instant().isBefore(c.refreshAt())) {
        String token = source.token(audience);
        c = new Cached(token, expiry(token).minus(Duration.ofMinutes(5)));
        cache.put(audience, c);
      }
      return c.token();
    };
  }

  private static Instant expiry(String token) {
    try {
      java.util.Date exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime();
      return exp == null ? Instant.MIN : exp.toInstant();
    } catch (ParseException e) {
      // Not a JWT we can read: use it once rather than cache it.
      return Instant.MIN;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
