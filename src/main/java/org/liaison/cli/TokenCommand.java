package org.liaison.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.liaison.http.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a bearer token minted by a hub running with --dev-auth.")
final class TokenCommand implements Callable<Integer> {
  @Option(names = "--sub", required = true, description = "Party the token is for (JWT sub).")
  String sub;

  @Option(names = "--scope", required = true, split = "[ ,]", description = "Scope(s), repeatable or space/comma separated.")
  List<String> scopes;

  @Option(names = "--hub", defaultValue = "http://localhost:8082", description = "Hub URL (default: ${DEFAULT-VALUE}).")
  URI hub;

  @Option(names = "--audience", defaultValue = "localhost", description = "Token audience (default: ${DEFAULT-VALUE}).")
  String audience;

  @Override
  public Integer call() throws Exception {
    String q = "grant_type=client_credentials&scope=" + enc(String.join(" ", scopes))
        + "&intended_audience=" + enc(audience) + "&issuer=liaison-cli&sub=" + enc(sub);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(hub.resolve("/token?" + q)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      System.err.println("liaison token: cannot reach " + hub + ": " + e.getMessage());
      return 1;
    }
    if (r.statusCode() != 200) {
      System.err.println("liaison token: hub answered " + r.statusCode() + ": " + r.body()
          + (r.statusCode() == 404 ? " (is the hub running with --dev-auth?)" : ""));
      return 1;
    }
    JsonNode n = Json.MAPPER.readTree(r.body());
    System.out.println(n.get("access_token").asText());
    return 0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
