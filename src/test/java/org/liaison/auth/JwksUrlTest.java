package org.liaison.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwksUrlTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static KeyPair rsa;

  private HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile int status = 200;
  private URI url;

  @BeforeAll
  static void keys() {
    rsa = TestKeys.rsa(2048);
  }

  @BeforeEach
  void serveJwks() throws IOException {
    RSAKey jwk =
        new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("k1").keyUse(KeyUse.SIGNATURE).build();
    byte[] body = new JWKSet(jwk).toString().getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
          try (OutputStream out = exchange.getResponseBody()) {
            if (status == 200) {
              out.write(body);
            }
          }
        });
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private TokenVerifier verifier() {
    return TokenVerifier.forAudience("localhost").trustJwksUrl(url).clock(CLOCK).build();
  }

  private static String token(String kid) {
    return TestKeys.sign(
        TestKeys.signer(rsa), JWSAlgorithm.RS256, kid, TestKeys.validClaims(NOW).build());
  }

  @Test
  void token_signed_by_a_served_key_is_accepted_and_the_set_is_cached() {
    TokenVerifier verifier = verifier();
    assertThat(verifier.verify("Bearer " + token("k1")).party()).isEqualTo("uss1");
    assertThat(verifier.verify("Bearer " + token("k1")).party()).isEqualTo("uss1");
    assertThat(fetches).hasValue(1);
  }

  @Test
  void unknown_key_id_is_refused_as_unauthenticated() {
    AuthException e =
        catchThrowableOfType(AuthException.class, () -> verifier().verify("Bearer " + token("k9")));
    assertThat(e.kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
    assertThat(e.getMessage()).isEqualTo("no trusted RS256 key has key id \"k9\"");
    assertThat(fetches).hasPositiveValue();
  }

  @Test
  void unreachable_key_server_is_reported_as_keys_unavailable() {
    server.stop(0);
    AuthException e =
        catchThrowableOfType(AuthException.class, () -> verifier().verify("Bearer " + token("k1")));
    assertThat(e.kind()).isEqualTo(AuthException.Kind.KEYS_UNAVAILABLE);
    assertThat(e.getMessage()).contains("could not fetch the JWK set from " + url);
  }

  @Test
  void key_server_error_is_reported_as_keys_unavailable() {
    status = 500;
    AuthException e =
        catchThrowableOfType(AuthException.class, () -> verifier().verify("Bearer " + token("k1")));
    assertThat(e.kind()).isEqualTo(AuthException.Kind.KEYS_UNAVAILABLE);
    assertThat(fetches).hasPositiveValue();
  }

  @Test
  void local_keys_still_work_while_the_key_server_is_down() {
    server.stop(0);
    KeyPair local = TestKeys.ec("secp256r1");
    TokenVerifier verifier =
        TokenVerifier.forAudience("localhost")
            .trustJwksUrl(url)
            .trustPem(TestKeys.publicKeyPem(local.getPublic()), "local.pem")
            .clock(CLOCK)
            .build();
    String token =
        TestKeys.sign(
            TestKeys.signer(local), JWSAlgorithm.ES256, null, TestKeys.validClaims(NOW).build());
    assertThat(verifier.verify("Bearer " + token).party()).isEqualTo("uss1");
  }
}
