package org.liaison.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static KeyPair rsa;
  private static KeyPair ec;
  private static KeyPair stranger;

  @TempDir Path dir;
  private Path rsaPem;
  private TokenVerifier verifier;

  @BeforeAll
  static void keys() {
    rsa = TestKeys.rsa(2048);
    ec = TestKeys.ec("secp256r1");
    stranger = TestKeys.rsa(2048);
  }

  @BeforeEach
  void verifierFromPemFiles() throws IOException {
    rsaPem = Files.writeString(dir.resolve("rsa.pem"), TestKeys.publicKeyPem(rsa.getPublic()));
    Path ecPem = Files.writeString(dir.resolve("ec.pem"), TestKeys.publicKeyPem(ec.getPublic()));
    verifier =
        TokenVerifier.forAudience("localhost")
            .requireIssuer(TestKeys.ISSUER)
            .trustPemFile(rsaPem)
            .trustPemFile(ecPem)
            .clock(CLOCK)
            .build();
  }

  private static JWTClaimsSet.Builder claims() {
    return TestKeys.validClaims(NOW);
  }

  private static String rs256(JWTClaimsSet claims) {
    return TestKeys.sign(TestKeys.signer(rsa), JWSAlgorithm.RS256, null, claims);
  }

  private AuthException refused(String token, String reason) {
    AuthException e =
        catchThrowableOfType(AuthException.class, () -> verifier.verify("Bearer " + token));
    assertThat(e).as("token should be refused").isNotNull();
    assertThat(e.kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
    assertThat(e.getMessage()).contains(reason).doesNotContain(token);
    return e;
  }

  // --- accepted ---

  @Test
  void rs256_token_signed_by_pem_key_is_accepted() {
    Principal p = verifier.verify("Bearer " + rs256(claims().build()));
    assertThat(p.party()).isEqualTo("uss1");
    assertThat(p.scopes())
        .containsExactlyInAnyOrder("utm.strategic_coordination", "utm.constraint_processing");
    assertThat(p.expires()).isEqualTo(NOW.plusSeconds(1800));
  }

  @Test
  void es256_token_signed_by_pem_key_is_accepted() {
    String token = TestKeys.sign(TestKeys.signer(ec), JWSAlgorithm.ES256, null, claims().build());
    assertThat(verifier.verify("Bearer " + token).party()).isEqualTo("uss1");
  }

  @Test
  void token_signed_by_certificate_key_is_accepted() throws IOException {
    TokenVerifier fromCert =
        TokenVerifier.forAudience("localhost")
            .trustPemFile(resource("test-cert.pem"))
            .clock(CLOCK)
            .build();
    var certKey = PemKeys.rsaPrivateKey(Files.readString(resource("test-cert-key.pem")));
    String token =
        TestKeys.sign(
            new RSASSASigner(certKey),
            JWSAlgorithm.RS256,
            null,
            claims().build());
    assertThat(fromCert.verify("Bearer " + token).party()).isEqualTo("uss1");
    AuthException e =
        catchThrowableOfType(AuthException.class, () -> fromCert.verify("Bearer " + rs256(claims().build())));
    assertThat(e.getMessage()).isEqualTo("token signature is invalid");
  }

  private static Path resource(String name) {
    try {
      return Path.of(TokenVerifierTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void pem_key_is_trusted_whatever_kid_the_token_names() {
    String token = TestKeys.sign(TestKeys.signer(rsa), JWSAlgorithm.RS256, "rotated-7", claims().build());
    assertThat(verifier.verify("Bearer " + token).party()).isEqualTo("uss1");
  }

  @Test
  void scheme_is_case_insensitive_and_surrounding_space_is_ignored() {
    assertThat(verifier.verify("  bearer   " + rs256(claims().build()) + " ").party())
        .isEqualTo("uss1");
  }

  @Test
  void any_run_of_ascii_whitespace_separates_scheme_and_token() {
    String token = rs256(claims().build());
    for (String header : new String[] {"Bearer\t" + token, "BEARER \t\r\n\u000b\f" + token + "\r\n"}) {
      assertThat(verifier.verify(header).party()).isEqualTo("uss1");
    }
    // Not whitespace to the regex \s the header was split with, so part of the scheme.
    AuthException e = catchThrowableOfType(AuthException.class, () -> verifier.verify("Bearer\u00a0" + token));
    assertThat(e.getMessage()).contains("Bearer <token>").doesNotContain(token);
  }

  @Test
  void audience_array_containing_ours_is_accepted() {
    String token = rs256(claims().audience(List.of("other", "localhost")).build());
    assertThat(verifier.verify("Bearer " + token).party()).isEqualTo("uss1");
  }

  @Test
  void scp_array_and_scope_string_are_both_read() {
    String token =
        rs256(claims().claim("scope", " a  b ").claim("scp", List.of("c", "a")).build());
    assertThat(verifier.verify("Bearer " + token).scopes()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void token_without_scopes_authenticates_with_none() {
    String token = rs256(claims().claim("scope", null).build());
    assertThat(verifier.verify("Bearer " + token).scopes()).isEmpty();
  }

  @Test
  void at_jwt_type_is_accepted_and_other_types_are_not() {
    JWSHeader atJwt =
        new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).build();
    assertThat(verifier.verify("Bearer " + TestKeys.sign(TestKeys.signer(rsa), atJwt, claims().build())))
        .isNotNull();
    JWSHeader odd = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("secevent+jwt")).build();
    refused(TestKeys.sign(TestKeys.signer(rsa), odd, claims().build()), "secevent+jwt");
  }

  @Test
  void expiry_within_clock_skew_is_accepted_on_both_sides() {
    Date justExpired = Date.from(NOW.minusSeconds(4 * 60));
    Date farButInSkew = Date.from(NOW.plusSeconds(64 * 60));
    assertThat(verifier.verify("Bearer " + rs256(claims().expirationTime(justExpired).build())))
        .isNotNull();
    assertThat(verifier.verify("Bearer " + rs256(claims().expirationTime(farButInSkew).build())))
        .isNotNull();
  }

  @Test
  void issuer_is_not_checked_unless_required() throws IOException {
    TokenVerifier anyIssuer =
        TokenVerifier.forAudience("localhost").trustPemFile(rsaPem).clock(CLOCK).build();
    assertThat(anyIssuer.verify("Bearer " + rs256(claims().issuer("https://elsewhere/").build())))
        .isNotNull();
  }

  // --- refused: the header ---

  @Test
  void missing_header_is_refused() {
    for (String header : new String[] {null, "", "   "}) {
      AuthException e = catchThrowableOfType(AuthException.class, () -> verifier.verify(header));
      assertThat(e.kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
      assertThat(e.getMessage()).isEqualTo("missing Authorization header");
    }
  }

  @Test
  void other_schemes_are_refused_naming_the_scheme_but_not_the_credentials() {
    AuthException e =
        catchThrowableOfType(AuthException.class, () -> verifier.verify("Basic dXNzMTpzZWNyZXQ="));
    assertThat(e.kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
    assertThat(e.getMessage())
        .isEqualTo("Authorization scheme \"Basic\" is not Bearer")
        .doesNotContain("dXNzMTpzZWNyZXQ");
  }

  @Test
  void bare_token_without_scheme_is_refused_without_echoing_it() {
    String token = rs256(claims().build());
    AuthException e = catchThrowableOfType(AuthException.class, () -> verifier.verify(token));
    assertThat(e.kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
    assertThat(e.getMessage()).contains("Bearer <token>").doesNotContain(token);
  }

  @Test
  void empty_bearer_token_is_refused() {
    for (String header : new String[] {"Bearer", "Bearer  ", "bearer \t"}) {
      AuthException e = catchThrowableOfType(AuthException.class, () -> verifier.verify(header));
      assertThat(e.kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
      assertThat(e.getMessage()).isEqualTo("bearer token is empty");
    }
  }

  @Test
  void malformed_tokens_are_refused() {
    refused("not-a-jwt", "malformed");
    refused("abc.def.ghi", "malformed");
    String valid = rs256(claims().build());
    refused(valid.substring(0, valid.lastIndexOf('.')), "malformed");
  }

  // --- refused: algorithm and key attacks ---

  @Test
  void unsigned_alg_none_token_is_refused() {
    refused(new PlainJWT(claims().build()).serialize(), "alg none");
  }

  @Test
  void alg_none_header_with_a_copied_signature_is_refused() {
    String valid = rs256(claims().build());
    String noneHeader = Base64URL.encode("{\"alg\":\"none\"}").toString();
    String forged = noneHeader + valid.substring(valid.indexOf('.'));
    refused(forged, "malformed");
  }

  @Test
  void hs256_token_is_refused() throws JOSEException {
    byte[] secret = new byte[32];
    String token = TestKeys.sign(new MACSigner(secret), JWSAlgorithm.HS256, null, claims().build());
    refused(token, "token algorithm HS256 is not accepted");
  }

  @Test
  void hs256_signed_with_the_rsa_public_key_is_refused() throws Exception {
    // The classic key-confusion attack: the attacker knows the public key, and a verifier that
    // lets the token pick the algorithm would use it as an HMAC secret.
    byte[] pemBytes = Files.readAllBytes(rsaPem);
    byte[] derBytes = rsa.getPublic().getEncoded();
    for (byte[] secret : List.of(pemBytes, derBytes)) {
      String token = TestKeys.sign(new MACSigner(secret), JWSAlgorithm.HS256, null, claims().build());
      refused(token, "HS256");
    }
  }

  @Test
  void key_selector_alone_refuses_hmac_even_without_the_algorithm_precheck() throws Exception {
    RSAKey jwk = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).build();
    TrustedKeys keys = new TrustedKeys(List.of(jwk), new JWKSet(), null, null);
    var selector = TrustedKeys.selector(TokenVerifier.ALGORITHMS, keys);
    assertThat(
            catchThrowableOfType(
                TrustedKeys.NoMatchingKey.class,
                () -> selector.selectJWSKeys(new JWSHeader(JWSAlgorithm.HS256), null)))
        .isNotNull();
    assertThat(selector.selectJWSKeys(new JWSHeader(JWSAlgorithm.RS256), null)).hasSize(1);
  }

  @Test
  void rs512_from_a_trusted_key_is_refused() {
    String token = TestKeys.sign(TestKeys.signer(rsa), JWSAlgorithm.RS512, null, claims().build());
    refused(token, "token algorithm RS512 is not accepted");
  }

  @Test
  void token_signed_by_an_untrusted_key_is_refused() {
    String token = TestKeys.sign(TestKeys.signer(stranger), JWSAlgorithm.RS256, null, claims().build());
    AuthException e = refused(token, "signature");
    assertThat(e.getMessage()).isEqualTo("token signature is invalid");
  }

  @Test
  void tampered_claims_break_the_signature() {
    String valid = rs256(claims().build());
    String[] parts = valid.split("\\.");
    String payload = Base64URL.encode(claims().subject("admin").build().toString()).toString();
    refused(parts[0] + "." + payload + "." + parts[2], "token signature is invalid");
  }

  @Test
  void key_embedded_in_the_header_is_not_trusted() {
    RSAKey attackerKey = new RSAKey.Builder((RSAPublicKey) stranger.getPublic()).build();
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attackerKey).build();
    refused(TestKeys.sign(TestKeys.signer(stranger), header, claims().build()), "signature");
  }

  @Test
  void unknown_key_id_in_a_jwk_set_is_refused_naming_it() {
    RSAKey known = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("k1").keyUse(KeyUse.SIGNATURE).build();
    verifier =
        TokenVerifier.forAudience("localhost").trustJwkSet(new JWKSet(known)).clock(CLOCK).build();
    assertThat(verifier.verify("Bearer " + TestKeys.sign(TestKeys.signer(rsa), JWSAlgorithm.RS256, "k1", claims().build())))
        .isNotNull();
    String token = TestKeys.sign(TestKeys.signer(rsa), JWSAlgorithm.RS256, "k2", claims().build());
    refused(token, "no trusted RS256 key has key id \"k2\"");
  }

  @Test
  void algorithm_without_a_configured_key_type_is_refused() throws IOException {
    verifier = TokenVerifier.forAudience("localhost").trustPemFile(rsaPem).clock(CLOCK).build();
    String token = TestKeys.sign(TestKeys.signer(ec), JWSAlgorithm.ES256, null, claims().build());
    refused(token, "no trusted ES256 key is configured");
  }

  @Test
  void encrypted_token_is_refused() throws JOSEException {
    EncryptedJWT jwe =
        new EncryptedJWT(
            new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM), claims().build());
    jwe.encrypt(new RSAEncrypter((RSAPublicKey) rsa.getPublic()));
    refused(jwe.serialize(), "encrypted");
  }

  // --- refused: claims ---

  @Test
  void expired_token_is_refused() {
    Date exp = Date.from(NOW.minusSeconds(6 * 60));
    refused(rs256(claims().expirationTime(exp).build()), "token expired at 2025-03-01T11:54:00Z");
  }

  @Test
  void token_without_exp_is_refused() {
    refused(rs256(claims().expirationTime(null).build()), "token has no expiry (exp)");
  }

  @Test
  void token_expiring_more_than_an_hour_ahead_is_refused() {
    Date exp = Date.from(NOW.plusSeconds(66 * 60));
    refused(rs256(claims().expirationTime(exp).build()), "is more than 1 hour (plus 5 minutes clock skew)");
  }

  @Test
  void token_not_yet_valid_is_refused() {
    Date nbf = Date.from(NOW.plusSeconds(10 * 60));
    refused(rs256(claims().notBeforeTime(nbf).build()), "not valid before");
  }

  @Test
  void wrong_audience_is_refused_naming_both() {
    AuthException e = refused(rs256(claims().audience("other").build()), "audience");
    assertThat(e.getMessage()).isEqualTo("token audience [other] does not include \"localhost\"");
  }

  @Test
  void missing_audience_is_refused() {
    refused(rs256(claims().audience((String) null).build()), "token has no audience (aud)");
  }

  @Test
  void wrong_or_missing_issuer_is_refused_when_required() {
    refused(
        rs256(claims().issuer("https://evil.example/").build()),
        "token issuer \"https://evil.example/\" is not the required \"" + TestKeys.ISSUER + "\"");
    refused(rs256(claims().issuer(null).build()), "token has no issuer (iss)");
  }

  @Test
  void missing_or_blank_subject_is_refused() {
    refused(rs256(claims().subject(null).build()), "token has no subject (sub)");
    refused(rs256(claims().subject(" ").build()), "token has no subject (sub)");
  }

  @Test
  void subject_outside_the_party_id_rule_is_refused_naming_the_rule() {
    for (String sub : List.of("<img src=x onerror=alert(1)>", "coalition\u202Eria", "a\nb", "x".repeat(1025))) {
      AuthException e = refused(rs256(claims().subject(sub).build()), " is not a party id: ");
      assertThat(e.getMessage()).contains("1 to 1024 characters").contains("none of < > \" ' & `");
    }
  }

  @Test
  void subjects_within_the_party_id_rule_are_the_party() {
    for (String sub : List.of("uss1", "coalition-air", "alice ", "urn:example:uss:" + "x".repeat(300), "ВВС России")) {
      assertThat(verifier.verify("Bearer " + rs256(claims().subject(sub).build())).party()).isEqualTo(sub);
    }
  }

  @Test
  void scope_claim_of_the_wrong_type_is_refused() {
    refused(rs256(claims().claim("scope", 7).build()), "scope");
    refused(rs256(claims().claim("scp", List.of("a", 1)).build()), "scp");
  }

  @Test
  void claims_are_checked_only_after_the_signature() {
    // An attacker must not learn which claim rules exist from an unsigned guess.
    String token =
        TestKeys.sign(TestKeys.signer(stranger), JWSAlgorithm.RS256, null, claims().audience("other").build());
    refused(token, "token signature is invalid");
  }

  @Test
  void non_json_payload_is_refused_as_malformed() {
    String valid = rs256(claims().build());
    String[] parts = valid.split("\\.");
    String junk = Base64URL.encode("not json".getBytes(StandardCharsets.UTF_8)).toString();
    refused(parts[0] + "." + junk + "." + parts[2], "malformed");
  }
}
