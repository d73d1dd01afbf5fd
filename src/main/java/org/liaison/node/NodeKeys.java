package org.liaison.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import org.liaison.auth.DevAuthority;

/** The node's own secrets in its data directory: its signing key and its operator token. */
final class NodeKeys {
  static final String KEY_FILE = "node-key.pem";
  static final String PUBLIC_KEY_FILE = "node-key.pub.pem";
  static final String OPERATOR_TOKEN_FILE = "operator-token";

  private NodeKeys() {}

  /**
   * The RS256 key the node signs its tokens with: {@code keyFile} if given, else {@value #KEY_FILE}
   * in the data directory, created on first use. The public half is written to the data directory
   * as {@value #PUBLIC_KEY_FILE}, for the hub's and peers' {@code --public-key}.
   */
  static DevAuthority signingKey(Path dataDir, Path keyFile) throws IOException {
    Path file = keyFile != null ? keyFile : dataDir.resolve(KEY_FILE);
    if (keyFile == null && !Files.exists(file)) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        writeOwnerOnly(file, pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK cannot generate RSA keys", e);
      } catch (FileAlreadyExistsException e) {
        // another process made it first; use that one
      }
    }
    DevAuthority key;
    try {
      key = DevAuthority.fromPem(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IOException("key file " + file + " does not hold an RSA PKCS#8 private key: " + e.getMessage(), e);
    }
    try {
      byte[] spki = key.publicJwkSet().getKeys().get(0).toRSAKey().toPublicKey().getEncoded();
      Files.writeString(dataDir.resolve(PUBLIC_KEY_FILE), pem("PUBLIC KEY", spki));
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IOException("cannot export the public key of " + file, e);
    }
    return key;
  }

  /** The secret operator clients present; created on first use, readable by the owner only. */
  static String operatorToken(Path dataDir) throws IOException {
    Path file = dataDir.resolve(OPERATOR_TOKEN_FILE);
    if (!Files.exists(file)) {
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      try {
        writeOwnerOnly(file, Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n");
      } catch (FileAlreadyExistsException e) {
        // another process made it first; use that one
      }
    }
    return Files.readString(file).trim();
  }

  static String pem(String type, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temp = posix
        ? Files.createTempFile(dir, ".tmp-", ".secret", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".tmp-", ".secret");
    try {
      Files.writeString(temp, content);
      Files.move(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
