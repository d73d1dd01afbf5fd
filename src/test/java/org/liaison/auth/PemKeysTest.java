package org.liaison.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** Configuration errors are found when the verifier is built, and name what was wrong. */
class PemKeysTest {

  @Test
  void several_blocks_in_one_text_give_several_keys() {
    KeyPair rsa = TestKeys.rsa(2048);
    KeyPair ec = TestKeys.ec("secp256r1");
    String pem = TestKeys.publicKeyPem(rsa.getPublic()) + TestKeys.publicKeyPem(ec.getPublic());
    assertThat(PemKeys.publicKeys(pem, "keys.pem"))
        .hasSize(2)
        .satisfiesExactly(
            k -> assertThat(k).isInstanceOf(RSAKey.class),
            k -> assertThat(k).isInstanceOf(ECKey.class));
  }

  @Test
  void ec_key_not_on_p256_is_refused() {
    String pem = TestKeys.publicKeyPem(TestKeys.ec("secp384r1").getPublic());
    assertThatThrownBy(() -> TokenVerifier.forAudience("localhost").trustPem(pem, "p384.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p384.pem block 1")
        .hasMessageContaining("P-384")
        .hasMessageContaining("only P-256");
  }

  @Test
  void short_rsa_key_is_refused() {
    String pem = TestKeys.publicKeyPem(TestKeys.rsa(1024).getPublic());
    assertThatThrownBy(() -> PemKeys.publicKeys(pem, "weak.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1024-bit RSA key; at least 2048");
  }

  @Test
  void private_key_offered_as_trusted_key_is_refused_by_label() {
    String pem = PemKeys.privateKeyPem(TestKeys.rsa(2048).getPrivate());
    assertThatThrownBy(() -> PemKeys.publicKeys(pem, "oops.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("oops.pem block 1 is \"PRIVATE KEY\"; expected PUBLIC KEY or CERTIFICATE");
  }

  @Test
  void text_without_pem_blocks_is_refused() {
    assertThatThrownBy(() -> PemKeys.publicKeys("hello", "empty.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty.pem contains no PEM block");
    assertThatThrownBy(
            () -> PemKeys.publicKeys("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "bad.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.pem block 1 is not an RSA or EC SubjectPublicKeyInfo");
  }

  @Test
  void verifier_without_keys_is_refused() {
    assertThatThrownBy(() -> TokenVerifier.forAudience("localhost").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no keys configured for audience \"localhost\"");
  }

  @Test
  void blank_audience_is_refused() {
    assertThatThrownBy(() -> TokenVerifier.forAudience(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audience is blank");
  }

  @Test
  void jwks_url_must_be_https_unless_loopback() {
    assertThatThrownBy(
            () -> TokenVerifier.forAudience("a").trustJwksUrl(URI.create("http://auth.example.com/jwks")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://auth.example.com/jwks must use https");
    TokenVerifier.forAudience("a").trustJwksUrl(URI.create("https://auth.example.com/jwks")).build();
    TokenVerifier.forAudience("a").trustJwksUrl(URI.create("http://127.0.0.1:8085/jwks")).build();
    TokenVerifier.forAudience("a").trustJwksUrl(URI.create("http://localhost:8085/jwks")).build();
  }
}
