package org.liaison.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevAuthorityTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<String> SCOPES = List.of("utm.strategic_coordination");
  private static DevAuthority shared;

  @TempDir Path dir;

  @BeforeAll
  static void generateOnce() {
    // Key generation is the slow part; tests that do not care about the file share one key.
    shared = DevAuthority.fromPem(PemKeys.privateKeyPem(TestKeys.rsa(2048).getPrivate())).withClock(CLOCK);
  }

  private static TokenVerifier verifierFor(DevAuthority authority) {
    return TokenVerifier.forAudience("localhost")
        .requireIssuer("http://localhost:8085")
        .trustJwkSet(authority.publicJwkSet())
        .clock(CLOCK)
        .build();
  }

  private static String mint(DevAuthority authority) {
    return authority.mint("uss1", SCOPES, "localhost", "http://localhost:8085", Duration.ofMinutes(30));
  }

  @Test
  void key_persists_across_instances_on_the_same_directory() throws IOException {
    DevAuthority first = DevAuthority.open(dir.resolve("data")).withClock(CLOCK);
    DevAuthority second = DevAuthority.open(dir.resolve("data")).withClock(CLOCK);
    assertThat(second.privateKeyPem()).isEqualTo(first.privateKeyPem());
    Principal p = verifierFor(second).verify("Bearer " + mint(first));
    assertThat(p.party()).isEqualTo("uss1");
    assertThat(p.scopes()).containsExactly("utm.strategic_coordination");
    assertThat(p.expires()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
  }

  @Test
  void different_directories_get_different_keys_that_do_not_verify_each_other() throws IOException {
    DevAuthority a = DevAuthority.open(dir.resolve("a")).withClock(CLOCK);
    DevAuthority b = DevAuthority.open(dir.resolve("b")).withClock(CLOCK);
    assertThat(a.privateKeyPem()).isNotEqualTo(b.privateKeyPem());
    AuthException e =
        catchThrowableOfType(AuthException.class, () -> verifierFor(b).verify("Bearer " + mint(a)));
    assertThat(e.kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
    assertThat(e.getMessage()).startsWith("no trusted RS256 key has key id");
  }

  @Test
  void key_file_is_pkcs8_pem_readable_by_its_owner_only() throws IOException {
    DevAuthority authority = DevAuthority.open(dir);
    Path file = dir.resolve(DevAuthority.KEY_FILE_NAME);
    assertThat(Files.readString(file))
        .isEqualTo(authority.privateKeyPem())
        .startsWith("-----BEGIN PRIVATE KEY-----\n");
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void unreadable_key_file_is_reported_with_its_path() throws IOException {
    Path file = Files.writeString(dir.resolve(DevAuthority.KEY_FILE_NAME), "garbage");
    assertThatThrownBy(() -> DevAuthority.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no PEM block");
  }

  @Test
  void from_pem_round_trips_the_key_and_its_id() {
    DevAuthority copy = DevAuthority.fromPem(shared.privateKeyPem());
    assertThat(copy.publicJwkSet().toString()).isEqualTo(shared.publicJwkSet().toString());
    assertThat(copy.publicJwkSet().getKeys().get(0).getKeyID()).isNotBlank();
    assertThat(copy.publicJwkSet().getKeys().get(0).isPrivate()).isFalse();
  }

  @Test
  void from_pem_refuses_public_keys_and_short_keys() {
    assertThatThrownBy(() -> DevAuthority.fromPem(TestKeys.publicKeyPem(TestKeys.rsa(2048).getPublic())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"PUBLIC KEY\"; expected PKCS#8 PRIVATE KEY");
    assertThatThrownBy(() -> DevAuthority.fromPem(PemKeys.privateKeyPem(TestKeys.rsa(1024).getPrivate())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1024 bits");
  }

  @Test
  void minted_token_has_the_promised_header_and_claims() throws Exception {
    String token =
        shared.mint("uss1", List.of("b.scope", "a.scope"), "dss.example.com", "http://issuer", Duration.ofMinutes(10));
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(shared.publicJwkSet().getKeys().get(0).getKeyID());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("uss1");
    assertThat(claims.getStringClaim("scope")).isEqualTo("b.scope a.scope");
    assertThat(claims.getAudience()).containsExactly("dss.example.com");
    assertThat(claims.getIssuer()).isEqualTo("http://issuer");
    assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
    assertThat(claims.getNotBeforeTime()).isEqualTo(Date.from(NOW));
    assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(600)));
    assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
    String other = mint(shared);
    assertThat(SignedJWT.parse(other).getJWTClaimsSet().getJWTID()).isNotEqualTo(claims.getJWTID());
  }

  @Test
  void minted_token_is_refused_by_a_verifier_for_another_audience() {
    TokenVerifier elsewhere =
        TokenVerifier.forAudience("elsewhere").trustJwkSet(shared.publicJwkSet()).clock(CLOCK).build();
    AuthException e = catchThrowableOfType(AuthException.class, () -> elsewhere.verify("Bearer " + mint(shared)));
    assertThat(e.getMessage()).isEqualTo("token audience [localhost] does not include \"elsewhere\"");
  }

  @Test
  void mint_parameters_are_validated_naming_the_field() {
    Duration ttl = Duration.ofMinutes(5);
    assertThatThrownBy(() -> shared.mint(null, SCOPES, "aud", "iss", ttl)).hasMessage("sub is missing");
    assertThatThrownBy(() -> shared.mint(" ", SCOPES, "aud", "iss", ttl)).hasMessage("sub is blank");
    assertThatThrownBy(() -> shared.mint("<b>x</b>", SCOPES, "aud", "iss", ttl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sub \"<b>x</b>\" is not a party id: a party id (the token's sub) is 1 to 1024");
    assertThatThrownBy(() -> shared.mint("s", List.of(), "aud", "iss", ttl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scopes is empty");
    assertThatThrownBy(() -> shared.mint("s", List.of("a b"), "aud", "iss", ttl))
        .hasMessageStartingWith("scopes contains \"a b\"");
    assertThatThrownBy(() -> shared.mint("s", SCOPES, "", "iss", ttl)).hasMessage("audience is blank");
    assertThatThrownBy(() -> shared.mint("s", SCOPES, "aud", null, ttl)).hasMessage("issuer is missing");
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMinutes(-1), Duration.ofMinutes(61)}) {
      assertThatThrownBy(() -> shared.mint("s", SCOPES, "aud", "iss", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("ttl " + bad);
    }
    assertThat(shared.mint("s", SCOPES, "aud", "iss", Duration.ofHours(1))).isNotBlank();
  }
}
