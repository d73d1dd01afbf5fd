package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.liaison.deconfliction.Airspace;
import org.liaison.errors.ApiException;
import org.liaison.ledger.Ledger;
import org.liaison.ledger.Receipt;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standing channels and their rules: who may read and post, message sequence and idempotent
 * posting, per-recipient delivery states, acknowledgement deadlines and escalation.
 *
 * <p>Every state change commits together with its ledger entry and its event, or not at all.
 * Time comes from the injected clock; deadlines and heartbeat timeouts advance only when {@link
 * #sweep(Instant)} runs, which {@link #startSweeper()} does every second in production and tests
 * do directly.
 */
public final class Channels implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Channels.class);
  private static final Set<String> CREATE_FIELDS = Set.of("name", "kind", "members", "escalation");
  static final int MAX_PAGE = 500;

  private final Core core;
  private final Presence presence;
  private final Views views;
  private ScheduledExecutorService sweeper;

  public Channels(Database db, Ledger ledger, Airspace airspace, Clock clock, Phrasebook phrasebook) {
    this.core = new Core(db, ledger, clock, phrasebook);
    this.presence = new Presence(core, airspace);
    this.views = new Views(phrasebook, p -> airspace.availability(p).availability());
  }

  Core core() {
    return core;
  }

  Presence presence() {
    return presence;
  }

  Views views() {
    return views;
  }

  /** A message with its deliveries, and the language of every party involved. */
  record Seen(Message message, List<Delivery> deliveries, Map<String, String> languages) {}

  /** The outcome of a post: {@code replay} is true when the client message id was already used. */
  record Posted(Message message, List<Delivery> deliveries, boolean replay) {}

  /** A recipient's delivery after an act; {@code receipt} is null when the act changed nothing. */
  record Acted(Delivery delivery, Map<String, String> languages, Receipt receipt, boolean changed) {}

  /** A channel with its current members. */
  record Listing(Channel channel, List<Member> members, Receipt receipt) {}

  // ------------------------------------------------------------------ channels and membership

  Listing create(String caller, JsonNode body) {
    Fields.object(body, "body");
    Fields.onlyKnown(body, "body", CREATE_FIELDS);
    String name = Fields.text(body, "name", "");
    if (name.isBlank() || name.length() > 255) {
      throw ApiException.badRequest("name must be 1 to 255 characters, got %d", name.length());
    }
    Channel.Kind kind = Channel.Kind.parse(Fields.text(body, "kind", ""), "kind");
    Set<String> members = new LinkedHashSet<>();
    members.add(caller);
    List<String> given = Fields.textArray(body, "members", "", 1000);
    for (int i = 0; i < given.size(); i++) {
      members.add(Fields.party(given.get(i), "members[" + i + "]"));
    }
    if (kind == Channel.Kind.BILATERAL && members.size() != 2) {
      throw ApiException.badRequest(
          "a bilateral channel has exactly two members, you and one other; members name %d in all", members.size());
    }
    String esc = Fields.optionalText(body, "escalation", "");
    Channel.Policy policy = esc != null ? Channel.Policy.parse(esc, "escalation")
        : kind == Channel.Kind.BILATERAL ? Channel.Policy.MARK_UNRESPONSIVE : Channel.Policy.NOTIFY_GROUP;
    return core.write(c -> {
      Instant now = core.now();
      Channel ch = new Channel(UUID.randomUUID().toString(), name, kind, policy, caller, now, null, null, 0);
      core.store.insertChannel(c, ch);
      Receipt receipt = core.record(c, "channel.create", caller, now, e -> {
        e.put("channel_id", ch.id()).put("name", name).put("kind", kind.wire).put("escalation", policy.wire);
        ArrayNode ms = e.putArray("members");
        members.forEach(ms::add);
      });
      ObjectNode payload = Views.JSON.objectNode().put("action", "created").put("by", caller).put("name", name);
      payload.set("receipt", Views.receipt(receipt));
      long eventSeq = core.event(c, "channel", ch.id(), null, now, payload, members);
      List<Member> ms = new ArrayList<>();
      for (String p : members) {
        core.store.ensureParty(c, p, core.phrasebook.languages().get(0), now);
        Member m = new Member(p, now, 1, caller);
        core.store.join(c, ch.id(), m, eventSeq);
        ms.add(m);
      }
      return new Listing(ch, ms, receipt);
    });
  }

  List<Listing> channelsOf(String caller) {
    return core.read(c -> {
      List<Listing> out = new ArrayList<>();
      for (Channel ch : core.store.channelsOf(c, caller)) {
        out.add(new Listing(ch, core.store.members(c, ch.id()), null));
      }
      return out;
    });
  }

  Listing channel(String caller, String channelId) {
    return core.read(c -> {
      Channel ch = requireMember(c, caller, channelId).channel();
      return new Listing(ch, core.store.members(c, ch.id()), null);
    });
  }

  /** A caller's view of a channel they are a member of. */
  record Access(Channel channel, Member member) {}

  /**
   * The channel and the caller's membership. A channel that does not exist and one the caller is
   * not a member of get the same answer, so a non-member learns nothing.
   */
  private Access requireMember(Connection c, String caller, String channelId) throws SQLException {
    Access a = channelId.length() <= 64 ? core.store.access(c, channelId, caller) : null;
    if (a == null) {
      throw ApiException.forbidden("channel %s: you are not a member of it, or it does not exist",
          Fields.truncate(channelId));
    }
    return a;
  }

  Listing addMember(String caller, String channelId, JsonNode body) {
    Fields.object(body, "body");
    Fields.onlyKnown(body, "body", Set.of("party"));
    String party = Fields.party(Fields.text(body, "party", ""), "party");
    return core.write(c -> {
      Instant now = core.now();
      Channel ch = requireMember(c, caller, channelId).channel();
      if (ch.kind() == Channel.Kind.BILATERAL) {
        throw ApiException.conflict("channel %s is bilateral; its two members are fixed", ch.id());
      }
      if (core.store.member(c, ch.id(), party) != null) {
        throw ApiException.conflict("%s is already a member of channel %s", party, ch.id());
      }
      core.store.ensureParty(c, party, core.phrasebook.languages().get(0), now);
      // History cut-off: the new member sees messages from the next one on.
      Member m = new Member(party, now, ch.lastSeq() + 1, caller);
      Receipt receipt = core.record(c, "channel.member.add", caller, now, e -> e.put("channel_id", ch.id())
          .put("member", party).put("from_seq", m.fromSeq()));
      List<String> audience = parties(core.store.members(c, ch.id()));
      audience.add(party);
      long eventSeq = core.event(c, "membership", ch.id(), null, now, membershipPayload("added", party, caller,
          m.fromSeq(), receipt), audience);
      core.store.join(c, ch.id(), m, eventSeq);
      return new Listing(ch, core.store.members(c, ch.id()), receipt);
    });
  }

  Listing removeMember(String caller, String channelId, String party) {
    return core.write(c -> {
      Instant now = core.now();
      Channel ch = requireMember(c, caller, channelId).channel();
      if (core.store.member(c, ch.id(), party) == null) {
        throw ApiException.notFound("%s is not a member of channel %s", Fields.truncate(party), ch.id());
      }
      if (ch.kind() == Channel.Kind.BILATERAL) {
        throw ApiException.conflict("channel %s is bilateral; its two members are fixed", ch.id());
      }
      if (!party.equals(caller) && !caller.equals(ch.createdBy())) {
        throw ApiException.forbidden("only %s, who created channel %s, may remove other members", ch.createdBy(), ch.id());
      }
      Receipt receipt = core.record(c, "channel.member.remove", caller, now, e -> e.put("channel_id", ch.id())
          .put("member", party));
      core.event(c, "membership", ch.id(), null, now, membershipPayload("removed", party, caller, null, receipt),
          parties(core.store.members(c, ch.id())));
      core.store.leave(c, ch.id(), party, caller, now);
      return new Listing(ch, core.store.members(c, ch.id()), receipt);
    });
  }

  private static ObjectNode membershipPayload(String action, String party, String by, Long fromSeq, Receipt r) {
    ObjectNode n = Views.JSON.objectNode().put("action", action).put("party", party).put("by", by);
    if (fromSeq != null) {
      n.put("from_seq", fromSeq);
    }
    n.set("receipt", Views.receipt(r));
    return n;
  }

  private static List<String> parties(List<Member> members) {
    List<String> out = new ArrayList<>();
    members.forEach(m -> out.add(m.party()));
    return out;
  }

  // ------------------------------------------------------------------ posting

  Posted post(String caller, String channelId, JsonNode body) {
    PostRequest r = PostRequest.parse(body, core.phrasebook);
    return core.write(c -> {
      Instant now = core.now();
      Access a = requireMember(c, caller, channelId);
      Channel ch = a.channel();
      Message existing = core.store.messageByClientId(c, ch.id(), caller, r.clientId());
      if (existing != null) {
        if (!existing.requestSha256().equals(r.requestSha256())) {
          throw ApiException.conflict("client_message_id %s was already used for a different message (seq %d)",
              r.clientId(), existing.seq());
        }
        return new Posted(existing, core.store.deliveriesOf(c, List.of(existing.id()))
            .getOrDefault(existing.id(), List.of()), true);
      }
      String phrase = r.phraseName();
      if (ch.suspended() && !"resume-channel".equals(phrase)) {
        throw ApiException.conflict("channel %s is suspended by %s since %s; only resume-channel may be posted",
            ch.id(), ch.suspendedBy(), ch.suspendedSince());
      }
      if (!ch.suspended() && "resume-channel".equals(phrase)) {
        throw ApiException.conflict("channel %s is not suspended", ch.id());
      }
      List<String> members = parties(core.store.members(c, ch.id()));
      List<String> recipients = new ArrayList<>();
      if (r.to().isEmpty()) {
        members.stream().filter(p -> !p.equals(caller)).forEach(recipients::add);
      } else {
        for (int i = 0; i < r.to().size(); i++) {
          String p = r.to().get(i);
          if (p.equals(caller) || !members.contains(p)) {
            throw ApiException.badRequest("to[%d] \"%s\" is not another member of channel %s", i, p, ch.id());
          }
          recipients.add(p);
        }
      }
      Instant deadline = r.deadline(now);
      long seq = core.store.nextSeq(c, ch.id());
      String id = UUID.randomUUID().toString();
      Receipt receipt = core.record(c, "message.post", caller, now, e -> {
        e.put("channel_id", ch.id()).put("message_id", id).put("seq", seq).put("client_message_id", r.clientId());
        e.put("priority", r.priority().wire).put("ack_deadline", Views.time(deadline));
        // The ledger proves what was said without holding it: hashes only.
        e.put("text_sha256", r.text() == null ? null : Fields.sha256(r.text()));
        e.put("phrase_type", phrase);
        e.put("phrase_params_sha256", r.params() == null ? null : Fields.sha256(r.params().toString()));
        ArrayNode ns = e.putArray("notices");
        r.notices().forEach(ns::add);
        ArrayNode rs = e.putArray("recipients");
        recipients.forEach(rs::add);
      });
      Message m = new Message(id, ch.id(), seq, caller, r.clientId(), r.requestSha256(), r.priority(), r.text(),
          phrase, r.params(), r.notices(), deadline, now, receipt);
      core.store.insertMessage(c, m);
      List<Delivery> deliveries = new ArrayList<>();
      for (String p : recipients) {
        deliveries.add(new Delivery(id, p, DeliveryState.SENT, now, null, null, null, null, null, deadline, null));
      }
      core.store.insertDeliveries(c, deliveries);
      if ("suspend-channel".equals(phrase) || "resume-channel".equals(phrase)) {
        suspension(c, ch, caller, now, m, members);
      }
      ObjectNode payload = Views.JSON.objectNode().put("message_id", id).put("seq", seq).put("sender", caller);
      core.event(c, "message", ch.id(), id, now, payload, members);
      return new Posted(m, deliveries, false);
    });
  }

  /** Suspension and resumption are messages too, so members see and acknowledge them. */
  private void suspension(Connection c, Channel ch, String caller, Instant now, Message m, List<String> members)
      throws SQLException {
    boolean suspend = "suspend-channel".equals(m.phraseType());
    if (suspend && ch.suspended()) {
      throw ApiException.conflict("channel %s is already suspended by %s", ch.id(), ch.suspendedBy());
    }
    core.store.setSuspended(c, ch.id(), suspend ? caller : null, suspend ? now : null);
    Receipt receipt = core.record(c, suspend ? "channel.suspend" : "channel.resume", caller, now,
        e -> e.put("channel_id", ch.id()).put("message_id", m.id()).put("seq", m.seq()));
    ObjectNode payload = Views.JSON.objectNode().put("action", suspend ? "suspended" : "resumed").put("by", caller)
        .put("message_id", m.id());
    payload.set("receipt", Views.receipt(receipt));
    core.event(c, "channel", ch.id(), null, now, payload, members);
  }

  /** Each party's language, for rendering; read outside the writer. */
  Map<String, String> languages() {
    return core.read(core::languages);
  }

  // ------------------------------------------------------------------ reading and acknowledging

  /**
   * The channel's messages after {@code after} that the caller may see (from the day they joined),
   * at most {@code limit}. Fetching them marks them delivered to the caller.
   */
  List<Seen> messages(String caller, String channelId, long after, int limit) {
    List<Message> page = core.read(c -> {
      Access a = requireMember(c, caller, channelId);
      return core.store.page(c, a.channel().id(), a.member().fromSeq(), after, limit);
    });
    return deliverAndShow(caller, page);
  }

  Seen message(String caller, String channelId, String messageId) {
    Message m = core.read(c -> visible(c, requireMember(c, caller, channelId), messageId));
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
    Map<String, String> languages = languages();
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
    if (messageIds.isEmpty()) {
      return;
    }
    core.write(c -> {
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
        transitions(c, party, steps, DeliveryState.DELIVERED, core.now(), null);
      }
      return null;
    });
  }

  private Message visible(Connection c, Access a, String messageId) throws SQLException {
    Message m = messageId.length() <= 64 ? core.store.message(c, messageId) : null;
    if (m == null || !m.channelId().equals(a.channel().id()) || m.seq() < a.member().fromSeq()) {
      throw ApiException.notFound("channel %s has no message %s that you may see", a.channel().id(),
          Fields.truncate(messageId));
    }
    return m;
  }

  Acted markRead(String caller, String channelId, String messageId) {
    return act(caller, channelId, messageId, DeliveryState.READ, null);
  }

  Acted acknowledge(String caller, String channelId, String messageId, JsonNode body) {
    String reply = null;
    if (body != null && !body.isNull()) {
      Fields.object(body, "body");
      Fields.onlyKnown(body, "body", Set.of("reply"));
      reply = Fields.optionalText(body, "reply", "");
      if (reply != null && reply.getBytes(StandardCharsets.UTF_8).length > PostRequest.MAX_TEXT_BYTES) {
        throw new ApiException(413, String.format("reply is %d bytes of UTF-8; at most %d (64 KiB) are accepted",
            reply.getBytes(StandardCharsets.UTF_8).length, PostRequest.MAX_TEXT_BYTES));
      }
    }
    return act(caller, channelId, messageId, DeliveryState.ACKNOWLEDGED, reply);
  }

  /** Moves the caller's delivery forward to {@code to}, recording every state passed on the way. */
  private Acted act(String caller, String channelId, String messageId, DeliveryState to, String reply) {
    return core.write(c -> {
      Instant now = core.now();
      Message m = visible(c, requireMember(c, caller, channelId), messageId);
      Delivery d = core.store.delivery(c, m.id(), caller);
      if (d == null) {
        throw ApiException.forbidden("message %s is not addressed to you; only its recipients may mark or acknowledge it",
            m.id());
      }
      Map<String, String> languages = core.languages(c);
      if (!d.state().before(to)) {
        // Idempotent: a second acknowledgement returns the first one's receipt.
        return new Acted(d, languages, to == DeliveryState.ACKNOWLEDGED ? d.ackReceipt() : null, false);
      }
      Acted last = null;
      for (DeliveryState s : DeliveryState.values()) {
        if (d.state().before(s) && !to.before(s)) {
          last = transition(c, m, d, s, now, s == DeliveryState.ACKNOWLEDGED ? reply : null);
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
  private record Moved(List<Delivery> deliveries, Receipt receipt) {}

  private Acted transition(Connection c, Message m, Delivery d, DeliveryState to, Instant now, String reply)
      throws SQLException {
    Moved moved = transitions(c, d.recipient(), List.of(new Step(m, d)), to, now, reply);
    return new Acted(moved.deliveries().get(0), Map.of(), moved.receipt(), true);
  }

  /**
   * Moves {@code recipient}'s deliveries of several messages to {@code to}: one ledger entry for
   * them all, and one event per message to its sender and recipient.
   */
  private Moved transitions(Connection c, String recipient, List<Step> steps, DeliveryState to, Instant now,
      String reply) throws SQLException {
    boolean ack = to == DeliveryState.ACKNOWLEDGED;
    String type = switch (to) {
      case DELIVERED -> "message.delivered";
      case READ -> "message.read";
      case ACKNOWLEDGED -> "message.ack";
      case SENT -> throw new IllegalArgumentException("no transition into sent");
    };
    List<Delivery> advanced = new ArrayList<>();
    steps.forEach(s -> advanced.add(s.delivery().advance(to, now)));
    Receipt receipt = core.record(c, type, recipient, now, e -> {
      ArrayNode items = e.putArray("messages");
      for (int i = 0; i < steps.size(); i++) {
        Message m = steps.get(i).message();
        ObjectNode item = items.addObject().put("channel_id", m.channelId()).put("message_id", m.id())
            .put("seq", m.seq()).put("sender", m.sender());
        if (ack) {
          item.put("ack_deadline", Views.time(m.ackDeadline())).put("late", advanced.get(i).late());
          item.put("reply_sha256", reply == null ? null : Fields.sha256(reply));
        }
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
      payload.set("receipt", Views.receipt(receipt));
      Set<String> audience = new LinkedHashSet<>(List.of(m.sender(), recipient));
      if (ack && next.escalated() != null) {
        // The group was told the acknowledgement was overdue; it is told it has come.
        Channel ch = channels.get(m.channelId());
        if (ch == null) {
          ch = core.store.channel(c, m.channelId());
          channels.put(ch.id(), ch);
        }
        if (ch.escalation() == Channel.Policy.NOTIFY_GROUP) {
          audience.addAll(parties(core.store.members(c, ch.id())));
        }
      }
      events.add(new EventLog.New("delivery", m.channelId(), m.id(), now, payload, audience));
      out.add(next);
    }
    core.store.updateDeliveries(c, out);
    core.events.appendAll(c, events);
    return new Moved(out, receipt);
  }

  // ------------------------------------------------------------------ deadlines and the sweeper

  /** Escalates every acknowledgement overdue at {@code now}; returns how many. */
  int escalate(Instant now) {
    // The sweeper calls this every second; most of the time nothing is due and nothing is locked.
    if (core.read(c -> core.store.due(c, now, 1)).isEmpty()) {
      return 0;
    }
    return core.write(c -> {
      List<Delivery> due = core.store.due(c, now, 500);
      for (Delivery d : due) {
        Message m = core.store.message(c, d.messageId());
        Channel ch = core.store.channel(c, m.channelId());
        Set<String> audience = new LinkedHashSet<>(List.of(m.sender(), d.recipient()));
        if (ch.escalation() == Channel.Policy.NOTIFY_GROUP) {
          audience.addAll(parties(core.store.members(c, ch.id())));
        }
        Receipt receipt = core.record(c, "message.escalation", core.hubParty(), now, e -> {
          e.put("channel_id", ch.id()).put("message_id", m.id()).put("seq", m.seq()).put("sender", m.sender());
          e.put("recipient", d.recipient()).put("ack_deadline", Views.time(d.ackDeadline()));
          e.put("policy", ch.escalation().wire);
          ArrayNode told = e.putArray("notified");
          audience.forEach(told::add);
        });
        core.store.updateDelivery(c, new Delivery(d.messageId(), d.recipient(), d.state(), d.sent(), d.delivered(),
            d.read(), d.acknowledged(), d.reply(), d.ackReceipt(), d.ackDeadline(), now));
        ObjectNode payload = Views.JSON.objectNode().put("message_id", m.id()).put("seq", m.seq())
            .put("sender", m.sender()).put("recipient", d.recipient()).put("state", d.state().wire)
            .put("ack_deadline", Views.time(d.ackDeadline())).put("policy", ch.escalation().wire);
        payload.set("receipt", Views.receipt(receipt));
        core.event(c, "escalation", ch.id(), m.id(), now, payload, audience);
        if (ch.escalation() == Channel.Policy.MARK_UNRESPONSIVE) {
          presence.markUnresponsive(c, d.recipient(), now, m);
        }
      }
      return due.size();
    });
  }

  /** Applies the clock: escalates overdue acknowledgements and declares silent parties Down. */
  public void sweep() {
    sweep(core.now());
  }

  /** As {@link #sweep()}, at {@code now}. */
  public void sweep(Instant now) {
    while (escalate(now) == 500) {
      // more were due than one batch holds
    }
    presence.sweep(now);
  }

  /** Runs {@link #sweep()} every second on a daemon thread until {@link #close()}. */
  public synchronized void startSweeper() {
    if (sweeper != null) {
      return;
    }
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "liaison-channels-sweeper");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        sweep();
      } catch (RuntimeException e) {
        if (!Thread.currentThread().isInterrupted()) {
          log.warn("channel sweep failed; will retry in a second: {}", e.getMessage());
        }
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  /** Stops the sweeper and ends every event stream. */
  @Override
  public synchronized void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
      sweeper = null;
    }
    core.close();
  }
}
