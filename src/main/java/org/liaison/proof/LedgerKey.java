package org.liaison.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named Ed25519 signing key: the hub's checkpoint and receipt key, or a witness's cosigning key.
 *
 * <p>On disk it is one PEM file holding a {@code PRIVATE KEY} block (PKCS#8) and a {@code PUBLIC
 * KEY} block (X.509 SubjectPublicKeyInfo), as {@code openssl genpkey -algorithm ed25519} and
 * {@code openssl pkey -pubout} write them. The key name is not stored: it is configuration, given
 * when loading. Loading checks that the two halves belong together.
 */
public final class LedgerKey {
  /** The file name a data directory uses for the hub's ledger key. */
  public static final String DEFAULT_FILE_NAME = "ledger-ed25519.pem";

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private final String name;
  private final PrivateKey privateKey;
  private final byte[] publicKey;

  private LedgerKey(String name, PrivateKey privateKey, byte[] publicKey) {
    this.name = Ed25519.requireKeyName(name);
    this.privateKey = privateKey;
    this.publicKey = Ed25519.requirePublicKey(publicKey).clone();
    byte[] probe = "liaison key pair check".getBytes(StandardCharsets.US_ASCII);
    // Also what lets sign() pass the public key to Bouncy Castle: a key that is not the private
    // key's would make signatures that do not verify, and fail here.
    if (!Ed25519.verify(this.publicKey, probe, Ed25519.sign(privateKey, this.publicKey, probe))) {
      throw new IllegalArgumentException("the public key of " + name + " does not match its private key");
    }
  }

  /** A fresh random key named {@code name}. */
  public static LedgerKey generate(String name) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new LedgerKey(name, pair.getPrivate(), Ed25519.rawPublicKey(pair.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
  }

  /** For keys from elsewhere (tests with published vectors); checks that the halves match. */
  static LedgerKey of(String name, PrivateKey privateKey, byte[] publicKey) {
    return new LedgerKey(name, privateKey, publicKey);
  }

  /**
   * The key in {@code text}, as {@link #pem} writes it.
   *
   * @throws IllegalArgumentException saying what is wrong with the text (without its content)
   */
  public static LedgerKey fromPem(String text, String name) {
    byte[] pkcs8 = null;
    byte[] spki = null;
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (m.group(1).equals("PRIVATE KEY")) {
        pkcs8 = der;
      } else if (m.group(1).equals("PUBLIC KEY")) {
        spki = der;
      }
    }
    if (pkcs8 == null || spki == null) {
      throw new IllegalArgumentException("must hold a PRIVATE KEY and a PUBLIC KEY PEM block");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      byte[] publicKey = Ed25519.rawPublicKey(factory.generatePublic(new X509EncodedKeySpec(spki)));
      return new LedgerKey(name, privateKey, publicKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("does not hold a usable Ed25519 key pair: " + e.getMessage(), e);
    }
  }

  /** The key pair as PKCS#8 and SPKI PEM blocks, which {@link #fromPem} reads. A secret. */
  public String pem() {
    return pem("PRIVATE KEY", privateKey.getEncoded())
        + pem("PUBLIC KEY", Ed25519.publicKey(publicKey).getEncoded());
  }

  /** The same key under another name. */
  public LedgerKey named(String newName) {
    return newName.equals(name) ? this : new LedgerKey(newName, privateKey, publicKey);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** The key name used in signature lines and vkeys. */
  public String name() {
    return name;
  }

  /** The 32-byte Ed25519 public key (RFC 8032 encoding). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The public half as a signed-note verifier key. */
  public VerifierKey verifierKey() {
    return new VerifierKey(name, publicKey);
  }

  /** The signed-note vkey string {@code <name>+<hex key ID>+<base64(0x01 ‖ key)>}. */
  public String vkey() {
    return verifierKey().vkey();
  }

  byte[] sign(byte[] message) {
    return Ed25519.sign(privateKey, publicKey, message);
  }

  @Override
  public String toString() {
    return "LedgerKey[" + vkey() + "]"; // never the private half
  }
}
