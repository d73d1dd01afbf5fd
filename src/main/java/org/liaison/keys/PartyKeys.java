package org.liaison.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A party's private keys: an Ed25519 signing key and an X25519 encryption key, kept in {@value
 * #FILE} in the party's data directory (its node's, or any directory given as {@code --keys}),
 * readable by the owner only. The private halves never leave this object but through {@link
 * #x25519Private()}, for decrypting on the same machine.
 */
public final class PartyKeys {
  /** The current key pair. A rotated one is kept as {@code party-keys.<key id>.retired.json}. */
  public static final String FILE = "party-keys.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String party;
  private final Ed25519PrivateKeyParameters signing;
  private final X25519PrivateKeyParameters encryption;
  private final PublicKeys publicKeys;
  private final Instant created;

  private PartyKeys(String party, byte[] ed25519Seed, byte[] x25519Private, Instant created) {
    this.party = party;
    this.signing = new Ed25519PrivateKeyParameters(ed25519Seed, 0);
    this.encryption = new X25519PrivateKeyParameters(x25519Private, 0);
    this.publicKeys = new PublicKeys(party, signing.generatePublicKey().getEncoded(),
        encryption.generatePublicKey().getEncoded());
    this.created = created;
  }

  /** Fresh random keys for {@code party}, not saved. */
  public static PartyKeys generate(String party, Instant now) {
    byte[] seed = new byte[32];
    byte[] x = new byte[32];
    RANDOM.nextBytes(seed);
    RANDOM.nextBytes(x);
    return new PartyKeys(party, seed, x, now);
  }

  /** The keys in {@code dir}, generated and saved there (mode 0600) on first use. */
  public static PartyKeys loadOrGenerate(Path dir, String party, Instant now) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      try {
        generate(party, now).save(file);
      } catch (FileAlreadyExistsException raced) {
        // another process made it first; use that one
      }
    }
    return load(dir, party);
  }

  /** The keys in {@code dir}; they must be {@code party}'s. */
  public static PartyKeys load(Path dir, String party) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IOException("no party keys in " + dir + " (" + FILE + " is missing)");
    }
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IOException(file + " is not JSON: " + e.getMessage(), e);
    }
    try {
      String owner = n.path("party").asText(null);
      if (party != null && !party.equals(owner)) {
        throw new IOException(file + " holds the keys of " + owner + ", not of " + party);
      }
      return new PartyKeys(owner, raw(n, "ed25519_seed"), raw(n, "x25519_private"),
          Instant.parse(n.path("created").asText()));
    } catch (RuntimeException e) {
      throw new IOException(file + " does not hold party keys: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the keys in {@code dir} with fresh ones, keeping the old file as {@code
   * party-keys.<old key id>.retired.json} (still 0600): messages encrypted for the old key stay
   * readable. Returns the new keys; publish them to make the rotation count.
   */
  public static PartyKeys rotate(Path dir, String party, Instant now) throws IOException {
    PartyKeys old = load(dir, party);
    PartyKeys next = generate(party, now);
    Path file = dir.resolve(FILE);
    Files.copy(file, dir.resolve("party-keys." + old.keyId() + ".retired.json"), StandardCopyOption.COPY_ATTRIBUTES);
    Path temp = next.writeTemp(dir);
    try {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return next;
  }

  /** A retired key kept by {@link #rotate}, for decrypting what was sent to it. */
  public static PartyKeys retired(Path dir, String party, String keyId) throws IOException {
    Path file = dir.resolve("party-keys." + keyId + ".retired.json");
    Path tmp = Files.createTempDirectory("liaison-keys");
    try {
      Files.copy(file, tmp.resolve(FILE));
      return load(tmp, party);
    } finally {
      Files.deleteIfExists(tmp.resolve(FILE));
      Files.deleteIfExists(tmp);
    }
  }

  public String party() {
    return party;
  }

  public String keyId() {
    return publicKeys.keyId();
  }

  public PublicKeys publicKeys() {
    return publicKeys;
  }

  public Instant created() {
    return created;
  }

  /** The X25519 private key, for decrypting messages sealed to {@link PublicKeys#x25519()}. */
  public X25519PrivateKeyParameters x25519Private() {
    return encryption;
  }

  /** Ed25519 (RFC 8032) signature of {@code message}. */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
    signing.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
    return sig;
  }

  /**
   * The signed publication of these keys: a {@code keys.publish} statement naming both public
   * halves and the key they replace ({@code previousKeyId}, null for a party's first key).
   */
  public Signed publication(Instant now, String previousKeyId) {
    Statement s = Statement.of(Statement.Type.KEYS_PUBLISH, party, now, keyId());
    s.body().put("ed25519", publicKeys.ed25519Base64()).put("x25519", publicKeys.x25519Base64())
        .put("previous_key_id", previousKeyId);
    return new Signed(s, s.sign(this));
  }

  /** The signed revocation of this key (signed by itself: whoever holds it may withdraw it). */
  public Signed revocation(Instant now, String reason) {
    Statement s = Statement.of(Statement.Type.KEYS_REVOKE, party, now, keyId());
    s.body().put("reason", reason);
    return new Signed(s, s.sign(this));
  }

  /** A statement with its base64 signature. */
  public record Signed(Statement statement, String signature) {
    /** {@code {"statement": …, "signature": …}}, the body of a key publication or revocation. */
    public ObjectNode json() {
      ObjectNode n = JSON.createObjectNode();
      n.set("statement", statement.body().deepCopy());
      n.put("signature", signature);
      return n;
    }
  }

  private void save(Path file) throws IOException {
    Path temp = writeTemp(file.toAbsolutePath().getParent());
    try {
      Files.move(temp, file); // fails if it exists: never overwrite a key by accident
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Path writeTemp(Path dir) throws IOException {
    Files.createDirectories(dir);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temp = posix
        ? Files.createTempFile(dir, ".tmp-", ".keys", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".tmp-", ".keys");
    ObjectNode n = JSON.createObjectNode();
    n.put("party", party).put("key_id", keyId()).put("created", Statement.time(created));
    n.put("ed25519_seed", Base64.getEncoder().encodeToString(signing.getEncoded()));
    n.put("x25519_private", Base64.getEncoder().encodeToString(encryption.getEncoded()));
    n.put("ed25519", publicKeys.ed25519Base64()).put("x25519", publicKeys.x25519Base64());
    Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    return temp;
  }

  private static byte[] raw(JsonNode n, String field) {
    byte[] b = Base64.getDecoder().decode(n.path(field).asText(""));
    if (b.length != 32) {
      throw new IllegalArgumentException(field + " must be 32 bytes, was " + b.length);
    }
    return b;
  }
}
