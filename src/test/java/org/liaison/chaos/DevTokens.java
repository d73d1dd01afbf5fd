package org.liaison.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from the hubs' own dev-auth {@code GET /token}, one per party, cached. Any hub of
 * the list will do: hubs started by {@link Fleet} share one signing key, so a token from one is
 * good on all. Tokens live an hour, longer than any fault test.
 */
public final class DevTokens {
  /** The ASTM scope of every write the load driver makes. */
  public static final String STRATEGIC_COORDINATION = "utm.strategic_coordination";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final List<URI> hubs;
  private final HttpClient http;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  public DevTokens(List<URI> hubs) {
    this.hubs = List.copyOf(hubs);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** A token for {@code party} with the strategic-coordination scope. */
  public String token(String party) {
    return cache.computeIfAbsent(party, p -> mint(p, STRATEGIC_COORDINATION));
  }

  /** A fresh token for {@code party} with {@code scopes} (space-separated), not cached. */
  public String mint(String party, String scopes) {
    String q = "grant_type=client_credentials&intended_audience=localhost&issuer=chaos"
        + "&sub=" + URLEncoder.encode(party, StandardCharsets.UTF_8)
        + "&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "no hub tried";
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      URI hub = hubs.get(attempt % hubs.size());
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.resolve("/token?" + q))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return JSON.readTree(r.body()).path("access_token").asText();
        }
        last = hub + " answered " + r.statusCode() + ": " + r.body();
      } catch (IOException e) {
        last = hub + ": " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while minting a token", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while minting a token", e);
      }
    }
    throw new IllegalStateException("no token for " + party + " within " + PATIENCE + "; last: " + last);
  }
}
