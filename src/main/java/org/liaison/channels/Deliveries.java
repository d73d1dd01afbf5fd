package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.json.ObjectView;
import org.liaison.proof.Merkle;
import org.liaison.keys.Statement;

/**
 * What happens to a message after it is posted, for each recipient: delivered when fetched, read
 * and acknowledged on request, escalated when its deadline passes unacknowledged. States only move
 * forward, and every move is a ledger entry and an event to sender and recipient.
 */
final class Deliveries {
  /** Overdue acknowledgements escalated per transaction. */
  static final int ESCALATION_BATCH = 500;

  private final Core core;
  private final Presence presence;
  private final KeyDirectory keys;

  Deliveries(Core core, Presence presence, KeyDirectory keys) {
    this.core = core;
    this.presence = presence;
    this.keys = keys;
  }

  /** A message with its deliveries, and the language of every party involved. */
  record Seen(Message message, List<Delivery> deliveries, Map<String, String> languages) {}

  /** A recipient's delivery after an act; {@code receipt} is null when the act changed nothing. */
  record Acted(Delivery delivery, Map<String, String> languages, Proof receipt, boolean changed) {}

  /**
   * The channel's messages after {@code after} that the caller may see (from the day they joined),
   * at most {@code limit}. Fetching them marks them delivered to the caller.
   */
  List<Seen> messages(String caller, String channelId, long after, int limit) {
    List<Message> page = core.read(c -> {
      Core.Access a = core.requireMember(c, caller, channelId);
      return core.store.page(c, a.channel().id(), a.member().fromSeq(), after, limit);
    });
    return deliverAndShow(caller, page);
  }

  Seen message(String caller, String channelId, String messageId) {
    Message m = core.read(c -> visible(c, core.requireMember(c, caller, channelId), messageId));
    return deliverAndShow(caller, List.of(m)).get(0);
  }

  /** Marks what the caller fetched delivered, through the writer only if some of it was still sent. */
  private List<Seen> deliverAndShow(String caller, List<Message> page) {
    List<String> ids = page.stream().map(Message::id).toList();
    Map<String, List<Delivery>> ds = core.read(c -> core.store.deliveriesOf(c, ids));
    List<String> pending = new ArrayList<>();
    ds.forEach((id, list) -> list.stream()
        .filter(d -> d.recipient().equals(caller) && d.state() == DeliveryState.SENT)
        .findAny().ifPresent(d -> pending.add(id)));
    if (!pending.isEmpty()) {
      markDelivered(caller, pending);
      ds = core.read(c -> core.store.deliveriesOf(c, ids));
    }
    Map<String, String> languages = core.read(core::languages);
    List<Seen> out = new ArrayList<>();
    for (Message m : page) {
      out.add(new Seen(m, ds.getOrDefault(m.id(), List.of()), languages));
    }
    return out;
  }

  /**
   * Marks {@code messageIds} delivered to {@code party} where they were still only sent. One
   * ledger entry records the whole batch: an event stream under load hands over many at once.
   */
  void markDelivered(String party, Collection<String> messageIds) {
    if (!messageIds.isEmpty()) {
      core.write(c -> deliver(c, party, messageIds));
    }
  }

  /**
   * As {@link #markDelivered}, without waiting for the commit: an event stream goes on writing
   * while the writer records what it has already written.
   */
  java.util.concurrent.CompletableFuture<Void> markDeliveredLater(String party, Collection<String> messageIds) {
    return messageIds.isEmpty() ? java.util.concurrent.CompletableFuture.completedFuture(null)
        : core.submit(c -> deliver(c, party, messageIds));
  }

  private Void deliver(Connection c, String party, Collection<String> messageIds) throws SQLException {
    if (keys.hasKey(c, party)) {
      // A party with a key states delivery itself, signed, when its node has the message.
      return null;
    }
    Map<String, Message> ms = core.store.messagesById(c, messageIds);
    Map<String, List<Delivery>> ds = core.store.deliveriesOf(c, messageIds);
    List<Step> steps = new ArrayList<>();
    for (Message m : ms.values()) {
      for (Delivery d : ds.getOrDefault(m.id(), List.of())) {
        if (d.recipient().equals(party) && d.state() == DeliveryState.SENT) {
          steps.add(new Step(m, d));
        }
      }
    }
    if (!steps.isEmpty()) {
      transitions(c, party, steps, DeliveryState.DELIVERED, core.now(), null, null, null);
    }
    return null;
  }

  private Message visible(Connection c, Core.Access a, String messageId) throws SQLException {
    Message m = messageId.length() <= 64 ? core.store.message(c, messageId) : null;
    if (m == null || !m.channelId().equals(a.channel().id()) || m.seq() < a.member().fromSeq()) {
      throw ApiException.notFound("channel %s has no message %s that you may see", a.channel().id(),
          Values.truncate(messageId));
    }
    return m;
  }

  /** The recipient's own statement that its node received the message: {@code {"signature"}}. */
  Acted markDelivered(String caller, String channelId, String messageId, JsonNode body) {
    return act(caller, channelId, messageId, DeliveryState.DELIVERED, null, signature(body));
  }

  Acted markRead(String caller, String channelId, String messageId, JsonNode body) {
    return act(caller, channelId, messageId, DeliveryState.READ, null, signature(body));
  }

  private static JsonNode signature(JsonNode body) {
    if (body == null || body.isNull()) {
      return null;
    }
    return ObjectView.of(body).onlyKnown(Set.of("signature")).get("signature");
  }

  Acted acknowledge(String caller, String channelId, String messageId, JsonNode body) {
    String reply = null;
    JsonNode signature = null;
    if (body != null && !body.isNull()) {
      ObjectView v = ObjectView.of(body).onlyKnown(Set.of("reply", "signature"));
      signature = body.get("signature");
      reply = v.string("reply", null);
      if (reply != null && reply.getBytes(StandardCharsets.UTF_8).length > PostRequest.MAX_TEXT_BYTES) {
        throw ApiException.tooLarge("reply is %d bytes of UTF-8; at most %d (64 KiB) are accepted",
            reply.getBytes(StandardCharsets.UTF_8).length, PostRequest.MAX_TEXT_BYTES);
      }
    }
    return act(caller, channelId, messageId, DeliveryState.ACKNOWLEDGED, reply, signature);
  }

  /** The statement types of the states a recipient states. */
  private static Statement.Type statementType(DeliveryState s) {
    return switch (s) {
      case DELIVERED -> Statement.Type.MESSAGE_DELIVERED;
      case READ -> Statement.Type.MESSAGE_READ;
      case ACKNOWLEDGED -> Statement.Type.MESSAGE_ACK;
      case SENT -> throw new IllegalArgumentException("no statement moves a delivery into sent");
    };
  }

  /**
   * Moves the caller's delivery forward to {@code to}, recording every state passed on the way.
   * The caller's signed statement, when given (and it must be when the caller has a key), is
   * checked against the message's hash before anything is written, and carried by the entry of
   * the final state; states passed on the way are recorded hub-attested.
   */
  private Acted act(String caller, String channelId, String messageId, DeliveryState to, String reply,
      JsonNode signature) {
    Message target = core.read(c -> visible(c, core.requireMember(c, caller, channelId), messageId));
    ObjectNode fields = Views.JSON.objectNode().put("channel_id", target.channelId()).put("message_id", target.id())
        .put("message_sha256", target.contentSha256());
    if (to == DeliveryState.ACKNOWLEDGED) {
      fields.put("reply_sha256", reply == null ? null : Merkle.sha256Hex(reply.getBytes(StandardCharsets.UTF_8)));
    }
    KeyDirectory.Signed signed = keys.verify(caller, statementType(to), fields, signature);
    return core.write(c -> {
      Instant now = core.now();
      keys.stillCurrent(c, signed);
      Message m = visible(c, core.requireMember(c, caller, channelId), messageId);
      Delivery d = core.store.delivery(c, m.id(), caller);
      if (d == null) {
        throw ApiException.forbidden("message %s is not addressed to you; only its recipients may mark or acknowledge it",
            m.id());
      }
      Map<String, String> languages = core.languages(c);
      if (!d.state().before(to)) {
        // Idempotent: a second acknowledgement returns the first one's receipt.
        return new Acted(d, languages, to == DeliveryState.ACKNOWLEDGED ? d.ackProof() : null, false);
      }
      Acted last = null;
      for (DeliveryState s : DeliveryState.values()) {
        if (d.state().before(s) && !to.before(s)) {
          // A state passed on the way to a signed one is implied by it, and says so.
          last = transition(c, m, d, s, now, s == DeliveryState.ACKNOWLEDGED ? reply : null, s == to ? signed : null,
              s != to && signed != null ? statementType(to).wire : null);
          d = last.delivery();
        }
      }
      if (to == DeliveryState.ACKNOWLEDGED) {
        presence.responsiveIfClear(c, caller, now);
      }
      return new Acted(d, languages, last.receipt(), true);
    });
  }

  /** A delivery about to move, with its message. */
  private record Step(Message message, Delivery delivery) {}

  /** Deliveries after a move, and the receipt of the one ledger entry that records it. */
  private record Moved(List<Delivery> deliveries, Proof receipt) {}

  private Acted transition(Connection c, Message m, Delivery d, DeliveryState to, Instant now, String reply,
      KeyDirectory.Signed signed, String impliedBy) throws SQLException {
    Moved moved = transitions(c, d.recipient(), List.of(new Step(m, d)), to, now, reply, signed, impliedBy);
    return new Acted(moved.deliveries().get(0), Map.of(), moved.receipt(), true);
  }

  /**
   * Moves {@code recipient}'s deliveries of several messages to {@code to}: one ledger entry for
   * them all, and one event per message to its sender and recipient.
   */
  private Moved transitions(Connection c, String recipient, List<Step> steps, DeliveryState to, Instant now,
      String reply, KeyDirectory.Signed signed, String impliedBy) throws SQLException {
    boolean ack = to == DeliveryState.ACKNOWLEDGED;
    String type = switch (to) {
      case DELIVERED -> "message.delivered";
      case READ -> "message.read";
      case ACKNOWLEDGED -> "message.ack";
      case SENT -> throw new IllegalArgumentException("no transition into sent");
    };
    List<Delivery> advanced = new ArrayList<>();
    steps.forEach(s -> advanced.add(s.delivery().advance(to, now)));
    Proof receipt = core.record(c, type, recipient, now, e -> {
      ArrayNode items = e.putArray("messages");
      for (int i = 0; i < steps.size(); i++) {
        Message m = steps.get(i).message();
        ObjectNode item = items.addObject().put("channel_id", m.channelId()).put("message_id", m.id())
            .put("seq", m.seq()).put("sender", m.sender());
        if (ack) {
          item.put("ack_deadline", Views.time(m.ackDeadline())).put("late", advanced.get(i).late());
          item.put("reply_sha256", reply == null ? null : Merkle.sha256Hex(reply.getBytes(StandardCharsets.UTF_8)));
        }
        item.put("message_sha256", m.contentSha256());
      }
      if (signed != null) {
        e.set("statement", signed.statement().body());
        e.put("signature", signed.signature());
      }
      if (impliedBy != null) {
        e.put("implied_by", impliedBy);
      }
    });
    List<Delivery> out = new ArrayList<>();
    List<EventLog.New> events = new ArrayList<>();
    Map<String, Channel> channels = new java.util.HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      Message m = steps.get(i).message();
      Delivery a = advanced.get(i);
      Delivery next = !ack ? a : new Delivery(a.messageId(), a.recipient(), a.state(), a.sent(), a.delivered(),
          a.read(), a.acknowledged(), reply, receipt, a.ackDeadline(), a.escalated());
      ObjectNode payload = Views.JSON.objectNode().put("message_id", m.id()).put("seq", m.seq())
          .put("sender", m.sender()).put("recipient", recipient).put("state", to.wire).put("time", Views.time(now));
      if (ack) {
        payload.put("late", next.late()).put("reply", reply);
      }
      payload.set("receipt", Views.proof(receipt));
      payload.set("signature", signed == null ? null : signed.json());
      Set<String> audience = new LinkedHashSet<>(List.of(m.sender(), recipient));
      if (ack && next.escalated() != null) {
        // The group was told the acknowledgement was overdue; it is told it has come.
        Channel ch = channels.get(m.channelId());
        if (ch == null) {
          ch = core.store.channel(c, m.channelId());
          channels.put(ch.id(), ch);
        }
        if (ch.escalation() == Channel.Policy.NOTIFY_GROUP) {
          audience.addAll(Member.parties(core.store.members(c, ch.id())));
        }
      }
      events.add(new EventLog.New("delivery", m.channelId(), m.id(), now, payload, audience));
      out.add(next);
    }
    core.store.updateDeliveries(c, out);
    core.events.appendAll(c, events);
    return new Moved(out, receipt);
  }

  /** Escalates every acknowledgement overdue at {@code now}; returns how many. */
  int escalate(Instant now) {
    // The sweeper calls this every second; most of the time nothing is due and nothing is locked.
    if (core.read(c -> core.store.due(c, now, 1)).isEmpty()) {
      return 0;
    }
    return core.write(c -> {
      List<Delivery> due = core.store.due(c, now, ESCALATION_BATCH);
      for (Delivery d : due) {
        Message m = core.store.message(c, d.messageId());
        Channel ch = core.store.channel(c, m.channelId());
        Set<String> audience = new LinkedHashSet<>(List.of(m.sender(), d.recipient()));
        if (ch.escalation() == Channel.Policy.NOTIFY_GROUP) {
          audience.addAll(Member.parties(core.store.members(c, ch.id())));
        }
        Proof receipt = core.record(c, "message.escalation", core.hubParty(), now, e -> {
          e.put("channel_id", ch.id()).put("message_id", m.id()).put("seq", m.seq()).put("sender", m.sender());
          e.put("recipient", d.recipient()).put("ack_deadline", Views.time(d.ackDeadline()));
          e.put("policy", ch.escalation().wire);
          ArrayNode told = e.putArray("notified");
          audience.forEach(told::add);
        });
        core.store.updateDelivery(c, new Delivery(d.messageId(), d.recipient(), d.state(), d.sent(), d.delivered(),
            d.read(), d.acknowledged(), d.reply(), d.ackProof(), d.ackDeadline(), now));
        ObjectNode payload = Views.JSON.objectNode().put("message_id", m.id()).put("seq", m.seq())
            .put("sender", m.sender()).put("recipient", d.recipient()).put("state", d.state().wire)
            .put("ack_deadline", Views.time(d.ackDeadline())).put("policy", ch.escalation().wire);
        payload.set("receipt", Views.proof(receipt));
        core.event(c, "escalation", ch.id(), m.id(), now, payload, audience);
        if (ch.escalation() == Channel.Policy.MARK_UNRESPONSIVE) {
          presence.markUnresponsive(c, d.recipient(), now, m);
        }
      }
      return due.size();
    });
  }

  /**
   * Takes every step of an escalation chain that is due at {@code now}: for each unacknowledged
   * delivery of a message on the chain's channel, {@code after} its deadline, the step's parties
   * are told on the step's channel (an {@code escalation} event and a {@code message.escalation}
   * ledger entry with {@code policy} {@code "chain"}), once per delivery and step. Returns how
   * many steps were taken.
   */
  int escalateChains(Instant now, List<Channels.ChainStep> steps) {
    int taken = 0;
    for (Channels.ChainStep s : steps) {
      Instant by = now.minus(s.after());
      if (core.read(c -> core.store.chainDue(c, s.onChannel(), s.recipients(), s.chain(), s.step(), by, 1)).isEmpty()) {
        continue;
      }
      taken += core.write(c -> {
        List<Delivery> due = core.store.chainDue(c, s.onChannel(), s.recipients(), s.chain(), s.step(), by,
            ESCALATION_BATCH);
        for (Delivery d : due) {
          Message m = core.store.message(c, d.messageId());
          Set<String> audience = new LinkedHashSet<>(s.told());
          Proof receipt = core.record(c, "message.escalation", core.hubParty(), now, e -> {
            e.put("channel_id", m.channelId()).put("message_id", m.id()).put("seq", m.seq()).put("sender", m.sender());
            e.put("recipient", d.recipient()).put("ack_deadline", Views.time(d.ackDeadline()));
            e.put("policy", "chain").put("chain", s.chain()).put("step", s.step())
                .put("after_seconds", s.after().toSeconds()).put("told_on", s.channel());
            ArrayNode told = e.putArray("notified");
            audience.forEach(told::add);
          });
          core.store.chainStepTaken(c, d, s.chain(), s.step(), now);
          ObjectNode payload = Views.JSON.objectNode().put("message_id", m.id()).put("seq", m.seq())
              .put("message_channel_id", m.channelId()).put("sender", m.sender()).put("recipient", d.recipient())
              .put("state", d.state().wire).put("ack_deadline", Views.time(d.ackDeadline())).put("policy", "chain")
              .put("chain", s.chain()).put("step", s.step()).put("after_seconds", s.after().toSeconds());
          payload.set("receipt", Views.proof(receipt));
          core.event(c, "escalation", s.channel(), m.id(), now, payload, audience);
        }
        return due.size();
      });
    }
    return taken;
  }
}
