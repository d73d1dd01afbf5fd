package org.liaison.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.liaison.http.JsonHttp;
import org.liaison.proof.B64;
import org.liaison.proof.Cosignature;
import org.liaison.proof.LogEntry;
import org.liaison.proof.Merkle;
import org.liaison.proof.VerifierKey;
import org.liaison.proof.WitnessKey;

/**
 * A typed client for a hub's ledger API ({@code /liaison/v1/ledger}). Every answer is checked for
 * shape; nothing it returns has been verified cryptographically: that is {@link LogVerifier}'s job.
 */
public final class LedgerClient {
  static final String BASE = "/liaison/v1/ledger";
  /** The hub's page limit for {@code entries}. */
  public static final int MAX_PAGE = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The hub answered with an error status, or with a body that is not what the API promises. */
  public static final class ApiError extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiError(int status, String message) {
      super(message);
      this.status = status;
    }

    /** The HTTP status, or 200 when the body was malformed. */
    public int status() {
      return status;
    }
  }

  /** {@code GET checkpoint}: the latest signed tree head and, when witnesses cosigned, that note. */
  public record CheckpointInfo(String origin, long treeSize, byte[] rootHash, String note, Optional<String> cosignedNote) {}

  /** {@code GET key}. */
  public record KeyInfo(String name, byte[] publicKey) {
    public VerifierKey verifierKey() {
      return new VerifierKey(name, publicKey);
    }
  }

  /** {@code GET proof/inclusion}. */
  public record InclusionProof(long index, long treeSize, byte[] leafHash, List<byte[]> path) {}

  private final JsonHttp http = JsonHttp.shared();
  private final URI hub;
  private final String token;

  /** A client for the hub at {@code hub} that sends {@code token} (may be null) as bearer. */
  public LedgerClient(URI hub, String token) {
    this.hub = hub;
    this.token = token;
  }

  /**
   * Mints a token from a hub that runs with {@code --dev-auth}: development only.
   *
   * @throws IOException when the hub cannot be reached or does not serve {@code /token}
   */
  public static String devToken(URI hub, String sub, String scopes) throws IOException {
    String q = "grant_type=client_credentials&scope=" + enc(scopes) + "&intended_audience=localhost"
        + "&issuer=liaison-cli&sub=" + enc(sub);
    LedgerClient anonymous = new LedgerClient(hub, null);
    JsonNode n = anonymous.send("GET", hub.resolve("/token?" + q), null, "GET /token");
    return text(n, "access_token");
  }

  public URI hub() {
    return hub;
  }

  public CheckpointInfo checkpoint() throws IOException {
    JsonNode n = get("/checkpoint");
    JsonNode cosigned = n.get("cosigned_note");
    return new CheckpointInfo(text(n, "origin"), number(n, "tree_size"), hash(n, "root_hash"), text(n, "note"),
        cosigned == null || cosigned.isNull() ? Optional.empty() : Optional.of(cosigned.asText()));
  }

  public KeyInfo key() throws IOException {
    JsonNode n = get("/key");
    if (!"Ed25519".equals(n.path("algorithm").asText())) {
      throw malformed("GET /key", "algorithm is " + n.path("algorithm") + ", not \"Ed25519\"");
    }
    return new KeyInfo(text(n, "name"), bytes(n, "public_key"));
  }

  /** Entries [start, end), at most {@link #MAX_PAGE}; checks that the hub sent exactly those. */
  public List<LogEntry> entries(long start, long end) throws IOException {
    JsonNode n = get("/entries?start=" + start + "&end=" + end);
    List<LogEntry> out = entryList(n, "GET /entries");
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).index() != start + i) {
        throw malformed("GET /entries", "entry " + i + " of the page starting at " + start + " has index "
            + out.get(i).index());
      }
    }
    if (out.size() != end - start) {
      throw malformed("GET /entries", "asked for " + (end - start) + " entries from " + start + ", got " + out.size());
    }
    return out;
  }

  public InclusionProof inclusion(long index, long treeSize) throws IOException {
    return inclusion(get("/proof/inclusion?index=" + index + "&tree_size=" + treeSize));
  }

  /** The inclusion proof of the entry whose leaf hash is {@code leafHash}. */
  public InclusionProof inclusionByHash(byte[] leafHash, long treeSize) throws IOException {
    return inclusion(get("/proof/inclusion?leaf_hash=" + enc(B64.encode(leafHash))
        + "&tree_size=" + treeSize));
  }

  private InclusionProof inclusion(JsonNode n) throws IOException {
    return new InclusionProof(number(n, "index"), number(n, "tree_size"), hash(n, "leaf_hash"),
        hashes(n, "inclusion_path"));
  }

  public List<byte[]> consistency(long first, long second) throws IOException {
    return hashes(get("/proof/consistency?first=" + first + "&second=" + second), "consistency_path");
  }

  /** A registered witness: the party and its cosigning key. */
  public record RegisteredWitness(String party, WitnessKey key) {}

  /** {@code GET witnesses}: every party's registered witness key. */
  public List<RegisteredWitness> witnesses() throws IOException {
    JsonNode arr = get("/witnesses").get("witnesses");
    if (arr == null || !arr.isArray()) {
      throw malformed("GET /witnesses", "\"witnesses\" is not an array");
    }
    List<RegisteredWitness> out = new ArrayList<>();
    for (JsonNode w : arr) {
      try {
        out.add(new RegisteredWitness(text(w, "party"), WitnessKey.parse(text(w, "vkey"))));
      } catch (IllegalArgumentException e) {
        throw malformed("GET /witnesses", e.getMessage());
      }
    }
    return out;
  }

  /** Registers {@code party}'s witness key (the caller must be that party). */
  public void registerWitness(String party, WitnessKey key) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("vkey", key.vkey());
    send("PUT", url("/witnesses/" + enc(party)), body, "PUT /witnesses/" + party);
  }

  /** Sends a witness's cosignature line on {@code checkpointNote}; returns the cosigned note. */
  public String submitCosignature(String checkpointNote, Cosignature cosignature) throws IOException {
    ObjectNode body = JSON.createObjectNode()
        .put("checkpoint", checkpointNote)
        .put("cosignature", cosignature.signatureLine());
    JsonNode n = send("POST", url("/cosignatures"), body, "POST /cosignatures");
    return text(n, "cosigned_note");
  }

  /**
   * Reads a leaf hash as a user may type it: standard or URL-safe base64 (padded or not), or 64
   * hex digits.
   */
  public static byte[] parseHash(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("leaf hash is missing");
    }
    String t = text.trim().replace(' ', '+'); // a '+' that crossed a query string unencoded
    byte[] h;
    if (t.matches("[0-9a-fA-F]{64}")) {
      h = HexFormat.of().parseHex(t);
    } else {
      try {
        h = t.indexOf('-') >= 0 || t.indexOf('_') >= 0
            ? Base64.getUrlDecoder().decode(t)
            : B64.decode(t.endsWith("=") ? t : pad(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("leaf hash \"" + shorten(text) + "\" is neither base64 nor hex", e);
      }
    }
    if (h.length != Merkle.HASH_BYTES) {
      throw new IllegalArgumentException("leaf hash \"" + shorten(text) + "\" is " + h.length + " bytes, not 32");
    }
    return h;
  }

  private static String pad(String t) {
    return t + "=".repeat((4 - t.length() % 4) % 4);
  }

  static String shorten(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  // ---------------------------------------------------------------- plumbing

  private JsonNode get(String path) throws IOException {
    return send("GET", url(path), null, "GET " + path);
  }

  private URI url(String path) {
    return hub.resolve(BASE + path);
  }

  private JsonNode send(String method, URI url, JsonNode body, String what) throws IOException {
    JsonHttp.Reply r;
    try {
      r = http.send(method, url, token, body, TIMEOUT);
    } catch (InterruptedIOException e) {
      throw new IOException(what + " on " + hub + " was interrupted", e);
    } catch (IOException e) {
      throw new IOException("cannot reach " + hub + " for " + what + ": " + e, e);
    }
    JsonNode n;
    try {
      n = JSON.readTree(r.body());
    } catch (IOException e) {
      n = null;
    }
    if (r.status() != 200 && r.status() != 201) {
      String message = n != null && n.hasNonNull("message") ? n.get("message").asText() : r.text();
      throw new ApiError(r.status(), what + " answered " + r.status() + ": "
          + (message.length() <= 500 ? message : message.substring(0, 500) + "…"));
    }
    if (n == null || !n.isObject()) {
      throw malformed(what, "the body is not a JSON object");
    }
    return n;
  }

  private static List<LogEntry> entryList(JsonNode n, String what) throws IOException {
    JsonNode arr = n.get("entries");
    if (arr == null || !arr.isArray()) {
      throw malformed(what, "\"entries\" is not an array");
    }
    List<LogEntry> out = new ArrayList<>(arr.size());
    for (JsonNode e : arr) {
      out.add(new LogEntry(number(e, "index"), bytes(e, "entry"), hash(e, "leaf_hash")));
    }
    return out;
  }

  private static String text(JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw malformed("the hub's answer", "\"" + field + "\" is missing or not a string");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 0) {
      throw malformed("the hub's answer", "\"" + field + "\" is missing or not a whole number");
    }
    return v.asLong();
  }

  private static byte[] bytes(JsonNode n, String field) throws IOException {
    try {
      return B64.decode(text(n, field));
    } catch (IllegalArgumentException e) {
      throw malformed("the hub's answer", "\"" + field + "\" is not base64");
    }
  }

  private static byte[] hash(JsonNode n, String field) throws IOException {
    byte[] h = bytes(n, field);
    if (h.length != Merkle.HASH_BYTES) {
      throw malformed("the hub's answer", "\"" + field + "\" is " + h.length + " bytes, not 32");
    }
    return h;
  }

  private static List<byte[]> hashes(JsonNode n, String field) throws IOException {
    JsonNode arr = n.get(field);
    if (arr == null || !arr.isArray()) {
      throw malformed("the hub's answer", "\"" + field + "\" is not an array");
    }
    List<byte[]> out = new ArrayList<>(arr.size());
    for (JsonNode h : arr) {
      if (!h.isTextual()) {
        throw malformed("the hub's answer", "\"" + field + "\" holds a non-string");
      }
      byte[] b;
      try {
        b = B64.decode(h.asText());
      } catch (IllegalArgumentException e) {
        throw malformed("the hub's answer", "\"" + field + "\" holds a value that is not base64");
      }
      if (b.length != Merkle.HASH_BYTES) {
        throw malformed("the hub's answer", "\"" + field + "\" holds a " + b.length + "-byte value");
      }
      out.add(b);
    }
    return out;
  }

  private static ApiError malformed(String what, String why) {
    return new ApiError(200, what + " is malformed: " + why);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
