package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.http.Json;
import org.liaison.keys.PublicKeys;
import org.liaison.keys.Statement;
import org.liaison.ledger.Merkle;
import org.liaison.ledger.Receipt;

/**
 * Party-signed ASTM declarations. A party's node may send, with any ASTM write, a detached
 * signature over the request body in the {@value #HEADER} header: base64url (no padding) of
 * {@code {"key_id", "time", "value"}}, where {@code value} signs the {@code astm.write} statement
 * {@code {type, party, time, key_id, method, path, body_sha256}} (see docs/ledger.md). The body
 * stays exactly as ASTM F3548 says, so plain ASTM clients are unaffected: a write without the
 * header is recorded as before, hub-attested only. A header that does not verify against the
 * party's current key is refused before anything is written; one that verifies is recorded as a
 * {@code declaration.signed} ledger entry naming the write's own entry.
 */
public final class SignedDeclarations {
  public static final String HEADER = "Liaison-Signature";
  static final Duration SKEW = Duration.ofMinutes(5);

  /** A verified declaration: the statement and its base64 signature. */
  public record Signed(Statement statement, String signature) {}

  /** Records a verified declaration once its write has its receipt. */
  @FunctionalInterface
  public interface Recorder {
    void record(Signed declaration, String entityId, Receipt writeReceipt);
  }

  /** No keys and no recording: every write is hub-attested (tests that need no party keys). */
  public static final SignedDeclarations NONE = new SignedDeclarations(p -> Optional.empty(), Clock.systemUTC(),
      (d, id, r) -> { });

  private final Function<String, Optional<PublicKeys>> keys;
  private final Clock clock;
  private final Recorder recorder;

  public SignedDeclarations(Function<String, Optional<PublicKeys>> keys, Clock clock, Recorder recorder) {
    this.keys = keys;
    this.clock = clock;
    this.recorder = recorder;
  }

  /** The verified declaration of this request by {@code party}, or null when it carries no {@value #HEADER}. */
  Signed check(Context ctx, String party) {
    String h = ctx.header(HEADER);
    if (h == null) {
      return null;
    }
    JsonNode sig;
    try {
      sig = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(h.trim()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw ApiException.badRequest("%s \"%s\" is not base64url of a JSON object", HEADER, Values.truncate(h));
    }
    String keyId = text(sig, "key_id");
    String time = text(sig, "time");
    String value = text(sig, "value");
    Instant t;
    try {
      t = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("%s.time \"%s\" is not an RFC 3339 UTC time", HEADER, Values.truncate(time));
    }
    Instant now = clock.instant();
    if (Duration.between(t, now).abs().compareTo(SKEW) > 0) {
      throw ApiException.badRequest("%s.time %s is more than %d minutes from the hub's clock (%s)", HEADER, t,
          SKEW.toMinutes(), now);
    }
    PublicKeys cur = keys.apply(party).orElse(null);
    if (cur == null || !cur.keyId().equals(keyId)) {
      throw ApiException.forbidden("%s.key_id \"%s\" is not a current key of %s (%s)", HEADER, Values.truncate(keyId),
          party, cur == null ? "it has none" : "its current key is " + cur.keyId());
    }
    Statement s = statement(party, t, keyId, ctx.method().name(), ctx.path(), ctx.bodyAsBytes());
    if (!s.verify(cur.ed25519(), value)) {
      throw ApiException.forbidden("%s.value does not verify as %s's astm.write statement %s", HEADER, party,
          Values.truncate(s.body().toString()));
    }
    return new Signed(s, value);
  }

  /** The statement a node signs for an ASTM write of {@code body} to {@code method path}. */
  public static Statement statement(String party, Instant time, String keyId, String method, String path, byte[] body) {
    Statement s = Statement.of(Statement.Type.ASTM_WRITE, party, time, keyId);
    s.body().put("method", method).put("path", path).put("body_sha256", Merkle.sha256Hex(body));
    return s;
  }

  void record(Signed s, String entityId, Receipt receipt) {
    if (s != null) {
      recorder.record(s, entityId, receipt);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual()) {
      throw ApiException.badRequest("%s.%s is missing or not a string", HEADER, field);
    }
    return v.textValue();
  }
}
