package org.liaison.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** Key pairs and hand-signed tokens for tests. */
final class TestKeys {

  private TestKeys() {}

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String publicKeyPem(PublicKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  static JWSSigner signer(KeyPair pair) {
    try {
      return pair.getPrivate() instanceof ECPrivateKey ec
          ? new ECDSASigner(ec)
          : new RSASSASigner(pair.getPrivate());
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** Claims that a verifier for audience "localhost" and issuer ISSUER accepts at {@code now}. */
  static JWTClaimsSet.Builder validClaims(Instant now) {
    return new JWTClaimsSet.Builder()
        .subject("uss1")
        .audience("localhost")
        .issuer(ISSUER)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(30 * 60)))
        .jwtID("jti-1")
        .claim("scope", "utm.strategic_coordination utm.constraint_processing");
  }

  static final String ISSUER = "https://auth.example.com/";

  static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
    return sign(signer, new JWSHeader.Builder(alg).keyID(kid).build(), claims);
  }

  static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
    return jwt.serialize();
  }
}
