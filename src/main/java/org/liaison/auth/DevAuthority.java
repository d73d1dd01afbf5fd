package org.liaison.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A development stand-in for an OAuth authorization server, like InterUSS's dummy-oauth: it mints
 * RS256 access tokens with an RSA-2048 key that persists, so tokens survive a restart. Never
 * enable it in production: anyone who can ask it for a token gets any scope.
 *
 * <p>Tokens carry {@code sub}, {@code scope} (space-separated), {@code aud}, {@code iss}, {@code
 * iat}, {@code nbf}, {@code exp} and a random {@code jti}, with the key's RFC 7638 thumbprint as
 * {@code kid}. {@link #publicJwkSet()} is what a {@link TokenVerifier} needs to accept them.
 * Instances are immutable and safe to share between threads.
 */
public final class DevAuthority {

  /** The file, inside the data directory, that holds the signing key as PKCS#8 PEM. */
  public static final String KEY_FILE_NAME = "dev-auth-key.pem";

  private final RSAKey key;
  private final RSASSASigner signer;
  private final Clock clock;

  private DevAuthority(RSAKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
    try {
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with RSA key " + key.getKeyID(), e);
    }
  }

  /**
   * The authority whose key is in {@code dataDir}/{@value #KEY_FILE_NAME}, creating the directory
   * and a fresh key on first use. A new key file is readable by its owner only where the file
   * system has POSIX permissions.
   *
   * @throws IOException if the key file cannot be read, written or parsed; the message names it
   */
  public static DevAuthority open(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(KEY_FILE_NAME);
    if (Files.exists(file)) {
      return load(file);
    }
    DevAuthority fresh = generate();
    try {
      writeOwnerOnly(file, fresh.privateKeyPem());
      return fresh;
    } catch (FileAlreadyExistsException e) {
      // Another process created it first; use theirs so both sign with the same key.
      return load(file);
    }
  }

  /**
   * The authority with the given signing key.
   *
   * @param pkcs8Pem an RSA private key of at least 2048 bits as a PKCS#8 {@code PRIVATE KEY} PEM
   *     block, as {@link #privateKeyPem()} returns
   * @throws IllegalArgumentException if the text holds no such key
   */
  public static DevAuthority fromPem(String pkcs8Pem) {
    RSAPrivateCrtKey privateKey = PemKeys.rsaPrivateKey(pkcs8Pem);
    RSAPublicKey publicKey;
    try {
      publicKey =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(
                      new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
    }
    try {
      RSAKey jwk =
          new RSAKey.Builder(publicKey)
              .privateKey(privateKey)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .keyIDFromThumbprint()
              .build();
      return new DevAuthority(jwk, Clock.systemUTC());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot compute the key's thumbprint", e);
    }
  }

  /** This authority with {@code clock} giving the issue time of minted tokens. */
  public DevAuthority withClock(Clock clock) {
    return new DevAuthority(key, Objects.requireNonNull(clock, "clock"));
  }

  /** The signing key as a PKCS#8 PEM block, which {@link #fromPem} accepts. This is a secret. */
  public String privateKeyPem() {
    try {
      return PemKeys.privateKeyPem(key.toPrivateKey());
    } catch (JOSEException e) {
      throw new IllegalStateException("RSA key " + key.getKeyID() + " has no private part", e);
    }
  }

  /** The public half of the signing key, with its key id, for a {@link TokenVerifier}. */
  public JWKSet publicJwkSet() {
    return new JWKSet(key.toPublicJWK());
  }

  /**
   * A signed access token.
   *
   * @param sub the client the token is for
   * @param scopes the scopes granted; none may be blank or contain whitespace
   * @param audience the {@code aud}: the host name of the service the token is for
   * @param issuer the {@code iss}: the URL the token was requested from
   * @param ttl how long the token lives, more than zero and at most {@link
   *     TokenVerifier#MAX_LIFETIME}
   * @throws IllegalArgumentException naming the first parameter that is missing or out of range
   */
  public String mint(
      String sub, Collection<String> scopes, String audience, String issuer, Duration ttl) {
    requireText(sub, "sub");
    if (!PartyId.valid(sub)) {
      throw new IllegalArgumentException("sub " + PartyId.quote(sub) + " is not a party id: " + PartyId.RULE);
    }
    requireText(audience, "audience");
    requireText(issuer, "issuer");
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes is empty; at least one scope is required");
    }
    Set<String> scopeSet = new LinkedHashSet<>();
    for (String scope : scopes) {
      if (scope == null || scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "scopes contains " + (scope == null ? "null" : "\"" + scope + "\"")
                + "; a scope is a non-blank word without spaces");
      }
      scopeSet.add(scope);
    }
    if (ttl == null
        || ttl.isNegative()
        || ttl.isZero()
        || ttl.compareTo(TokenVerifier.MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "ttl " + ttl + " is not more than zero and at most " + TokenVerifier.MAX_LIFETIME);
    }
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(sub)
            .claim("scope", String.join(" ", scopeSet))
            .audience(audience)
            .issuer(issuer)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(key.getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with RSA key " + key.getKeyID() + " failed", e);
    }
    return jwt.serialize();
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is " + (value == null ? "missing" : "blank"));
    }
  }

  private static DevAuthority generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(PemKeys.MIN_RSA_BITS);
      return fromPem(PemKeys.privateKeyPem(generator.generateKeyPair().getPrivate()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate RSA keys", e);
    }
  }

  private static DevAuthority load(Path file) throws IOException {
    try {
      return fromPem(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "dev-auth key file " + file + " does not hold a usable key: " + e.getMessage(), e);
    }
  }

  /** Writes a complete file under a temporary name, then moves it into place if still absent. */
  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] ownerOnly =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, ".dev-auth-key-", ".tmp", ownerOnly);
    try {
      Files.writeString(temp, content);
      Files.move(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
