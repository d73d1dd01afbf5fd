package org.liaison.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the PEM forms of the keys this package uses, with the JDK alone. */
final class PemKeys {

  static final int MIN_RSA_BITS = 2048;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private PemKeys() {}

  /**
   * The public keys in {@code pem}: each {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or
   * {@code CERTIFICATE} block gives one key, RSA of at least 2048 bits or EC on P-256. Only a
   * certificate's key is used; its dates and issuer are not checked.
   *
   * @param source names the PEM text in error messages, such as a file name
   */
  static List<JWK> publicKeys(String pem, String source) {
    List<JWK> keys = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String label = m.group(1);
      String where = source + " block " + (keys.size() + 1);
      byte[] der = decode(m.group(2), where);
      PublicKey key =
          switch (label) {
            case "PUBLIC KEY" -> subjectPublicKeyInfo(der, where);
            case "CERTIFICATE" -> certificateKey(der, where);
            default -> throw new IllegalArgumentException(
                where + " is \"" + label + "\"; expected PUBLIC KEY or CERTIFICATE");
          };
      keys.add(toJwk(key, where));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + " contains no PEM block");
    }
    return keys;
  }

  /** The RSA private key in a PKCS#8 {@code PRIVATE KEY} PEM block. */
  static RSAPrivateCrtKey rsaPrivateKey(String pem) {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException("no PEM block found; expected PRIVATE KEY");
    }
    if (!m.group(1).equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "PEM block is \"" + m.group(1) + "\"; expected PKCS#8 PRIVATE KEY");
    }
    byte[] der = decode(m.group(2), "PRIVATE KEY block");
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new IllegalArgumentException("PRIVATE KEY block is not an RSA key: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no RSA key factory", e);
    }
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new IllegalArgumentException("RSA private key lacks its CRT parameters (public exponent)");
    }
    int bits = crt.getModulus().bitLength();
    if (bits < MIN_RSA_BITS) {
      throw new IllegalArgumentException(
          "RSA private key is " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
    }
    return crt;
  }

  static String privateKeyPem(PrivateKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static byte[] decode(String base64, String where) {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not valid base64: " + e.getMessage(), e);
    }
  }

  private static PublicKey subjectPublicKeyInfo(byte[] der, String where) {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (InvalidKeySpecException e) {
        // Not this algorithm; the SubjectPublicKeyInfo names its own, so try the next one.
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK has no " + algorithm + " key factory", e);
      }
    }
    throw new IllegalArgumentException(where + " is not an RSA or EC SubjectPublicKeyInfo");
  }

  private static PublicKey certificateKey(byte[] der, String where) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der))
          .getPublicKey();
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          where + " is not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  private static JWK toJwk(PublicKey key, String where) {
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < MIN_RSA_BITS) {
        throw new IllegalArgumentException(
            where + " is a " + bits + "-bit RSA key; at least " + MIN_RSA_BITS + " are required");
      }
      return new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).build();
    }
    if (key instanceof ECPublicKey ec) {
      Curve curve = Curve.forECParameterSpec(ec.getParams());
      if (!Curve.P_256.equals(curve)) {
        throw new IllegalArgumentException(
            where + " is an EC key on " + (curve == null ? "an unknown curve" : curve)
                + "; only P-256 (ES256) is accepted");
      }
      return new ECKey.Builder(Curve.P_256, ec).keyUse(KeyUse.SIGNATURE).build();
    }
    throw new IllegalArgumentException(
        where + " holds a " + key.getAlgorithm() + " key; only RSA and EC P-256 are accepted");
  }
}
