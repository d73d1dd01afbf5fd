package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.json.ObjectView;
import org.liaison.keys.Statement;

/**
 * A recipient's node reporting that it could not open a sealed message: recorded in the ledger
 * ({@code message.undecryptable}) and shown to the sender and the recipient as an {@code
 * undecryptable} event, so a body the hub altered, or one sealed for a key the recipient no longer
 * holds, is never silently dropped.
 */
final class DecryptFailures {
  static final int MAX_REASON = 1000;

  private final Core core;
  private final KeyDirectory keys;

  DecryptFailures(Core core, KeyDirectory keys) {
    this.core = core;
    this.keys = keys;
  }

  /** The sealed message the caller may see, or the 404/409 a plain or hidden one gets. */
  private Message visible(java.sql.Connection c, String caller, String channelId, String messageId)
      throws java.sql.SQLException {
    Core.Access a = core.requireMember(c, caller, channelId);
    Message m = messageId.length() <= 64 ? core.store.message(c, messageId) : null;
    if (m == null || !m.channelId().equals(a.channel().id()) || m.seq() < a.member().fromSeq()) {
      throw ApiException.notFound("channel %s has no message %s that you may see", a.channel().id(),
          Values.truncate(messageId));
    }
    if (m.sealed() == null) {
      throw ApiException.conflict("message %s is not sealed; there is nothing to decrypt", m.id());
    }
    return m;
  }

  /** What was recorded: the ledger proof and the time. */
  record Reported(String messageId, String recipient, String reason, Instant time, Proof receipt) {}

  Reported report(String caller, String channelId, String messageId, JsonNode body) {
    String reason = ObjectView.of(body).onlyKnown(Set.of("reason", "signature")).string("reason");
    if (reason.isBlank() || reason.length() > MAX_REASON) {
      throw ApiException.badRequest("reason must be 1 to %d characters, got %d", MAX_REASON, reason.length());
    }
    // The report names the sealed body as the hub holds it: what it served is what it holds.
    Message target = core.read(c -> visible(c, caller, channelId, messageId));
    ObjectNode fields = Views.JSON.objectNode().put("channel_id", target.channelId()).put("message_id", target.id())
        .put("sealed_sha256", Statement.contentSha256(target.sealed()))
        .put("reason_sha256", Statement.sha256Hex(reason));
    KeyDirectory.Signed signed = keys.verify(caller, Statement.Type.MESSAGE_UNDECRYPTABLE, fields, body.get("signature"));
    return core.write(c -> {
      Instant now = core.now();
      keys.stillCurrent(c, signed);
      Message m = visible(c, caller, channelId, messageId);
      boolean recipient = core.store.deliveriesOf(c, List.of(m.id())).getOrDefault(m.id(), List.of()).stream()
          .anyMatch(d -> d.recipient().equals(caller));
      if (!recipient && !caller.equals(m.sender())) {
        throw ApiException.forbidden("message %s is not addressed to %s", m.id(), caller);
      }
      Proof receipt = core.record(c, "message.undecryptable", caller, now, e -> {
        e.put("channel_id", m.channelId()).put("message_id", m.id()).put("seq", m.seq()).put("sender", m.sender())
            .put("recipient", caller).put("sealed_sha256", Statement.contentSha256(m.sealed())).put("reason", reason);
        if (signed != null) {
          e.set("statement", signed.statement().body());
          e.put("signature", signed.signature());
        }
      });
      ObjectNode payload = Views.JSON.objectNode().put("message_id", m.id()).put("seq", m.seq())
          .put("sender", m.sender()).put("recipient", caller).put("reason", reason);
      payload.set("receipt", Views.proof(receipt));
      core.event(c, "undecryptable", m.channelId(), m.id(), now, payload,
          caller.equals(m.sender()) ? List.of(caller) : List.of(m.sender(), caller));
      return new Reported(m.id(), caller, reason, now, receipt);
    });
  }
}
