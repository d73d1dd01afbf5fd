package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.liaison.deconfliction.Airspace;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.json.FieldErrors;
import org.liaison.json.ObjectView;
import org.liaison.keys.PublicKeys;
import org.liaison.keys.Statement;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Merkle;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standing channels and their rules: who may read and post, membership and its history
 * cut-off, message sequence, idempotent posting and suspension. What happens to a message after
 * it is posted belongs to {@code Deliveries}; who is there, to {@code Presence}.
 *
 * <p>Every state change commits together with its ledger entry and its event, or not at all.
 * Time comes from the injected clock; deadlines and heartbeat timeouts advance only when {@link
 * #sweep(Instant)} runs, which {@link #startSweeper()} does every second in production and tests
 * do directly.
 */
public final class Channels implements AutoCloseable {
  private static final Pattern PARTY = Pattern.compile("[A-Za-z0-9._:@/-]{1,255}");
  private static final Logger log = LoggerFactory.getLogger(Channels.class);
  private static final Set<String> CREATE_FIELDS = Set.of("name", "kind", "members", "escalation", "encryption");
  static final int MAX_PAGE = 500;

  private final Core core;
  private final Presence presence;
  private final Deliveries deliveries;
  private final Views views;
  private final DecryptFailures decryptFailures;
  private final KeyDirectory keys;
  private ScheduledExecutorService sweeper;

  public Channels(Database db, Ledger ledger, Airspace airspace, Clock clock, Phrasebook phrasebook) {
    this.core = new Core(db, ledger, clock, phrasebook);
    this.presence = new Presence(core, airspace);
    this.keys = new KeyDirectory(core);
    this.deliveries = new Deliveries(core, presence, keys);
    this.views = new Views(phrasebook, p -> airspace.availability(p).availability(), core.receipts);
    this.decryptFailures = new DecryptFailures(core, keys);
  }

  DecryptFailures decryptFailures() {
    return decryptFailures;
  }

  Core core() {
    return core;
  }

  Presence presence() {
    return presence;
  }

  /**
   * One step of an escalation chain (an agreement's): when a delivery of a message on {@code
   * onChannel} to one of {@code recipients} is still unacknowledged {@code after} its deadline,
   * {@code told} are told on {@code channel}. {@code chain} names the chain (the agreement id)
   * and {@code step} the step in it, so each is taken once per delivery.
   */
  public record ChainStep(String chain, int step, String onChannel, List<String> recipients, Duration after,
      List<String> told, String channel) {
    public ChainStep {
      recipients = List.copyOf(recipients);
      told = List.copyOf(told);
    }
  }

  private volatile java.util.function.Supplier<List<ChainStep>> chains = List::of;

  /** Where the sweeper finds the escalation chains in force (read once per sweep). */
  public void escalationChains(java.util.function.Supplier<List<ChainStep>> s) {
    chains = s;
  }

  /**
   * Where each party's allowed silence comes from when agreements bind it: party to the shortest
   * silence its agreements in force allow, which replaces its own heartbeat interval.
   */
  public void agreedSilence(java.util.function.Supplier<Map<String, java.time.Duration>> s) {
    presence.agreedSilence(s);
  }

  Deliveries deliveries() {
    return deliveries;
  }

  Views views() {
    return views;
  }

  KeyDirectory keys() {
    return keys;
  }

  /**
   * Records a party's verified signed ASTM declaration ({@code declaration.signed}): its {@code
   * astm.write} statement and signature, the entity it wrote, and the leaf hash of the write's own
   * ledger entry, which the statement's {@code body_sha256} and this entry tie together.
   */
  public void recordDeclaration(Statement statement, String signature, String entityId, String writeLeafHash) {
    core.write(c -> core.record(c, "declaration.signed", statement.party(), core.now(), e -> {
      e.put("id", entityId).put("declaration_leaf_hash", writeLeafHash);
      e.set("statement", statement.body());
      e.put("signature", signature);
    }));
  }

  /**
   * How far the time a party states in a signed statement may be from the hub's clock (5
   * minutes by default). A simulated clock that runs many times faster than real time (the demo's)
   * needs more, since a request's real milliseconds are its simulated minutes.
   */
  /** A party's statement that verified against its current key, and its base64 signature. */
  public record SignedStatement(Statement statement, String signature) {}

  /**
   * Checks {@code signature} ({@code {"key_id", "time", "value"}}) as {@code caller}'s statement of
   * {@code type} with {@code fields}, exactly as channel statements are checked: a party with a
   * current key must sign (400 when it does not, 403 when it does not verify); returns null for a
   * party without keys that sent none (hub-attested only).
   */
  public SignedStatement verifyStatement(String caller, Statement.Type type, ObjectNode fields, JsonNode signature) {
    KeyDirectory.Signed s = keys.verify(caller, type, fields, signature);
    return s == null ? null : new SignedStatement(s.statement(), s.signature());
  }

  /** Refuses (403) {@code s} if its key stopped being current since it verified; call in the recording transaction. */
  public void requireStillCurrent(Connection c, SignedStatement s) throws SQLException {
    if (s != null) {
      keys.stillCurrent(c, new KeyDirectory.Signed(s.statement(), s.signature()));
    }
  }

  public void statementSkew(Duration d) {
    keys.skew(d);
  }

  /**
   * {@code party}'s current public keys (its X25519 key is what messages to it are sealed for),
   * or empty if it has published none or revoked its last.
   */
  public Optional<PublicKeys> currentKeys(String party) {
    return keys.current(party);
  }

  /** The outcome of a post: {@code replay} is true when the client message id was already used. */
  record Posted(Message message, List<Delivery> deliveries, boolean replay) {}

  /** A channel with its current members. */
  record Listing(Channel channel, List<Member> members, Proof receipt, List<String> plainConsents,
      List<String> awaitingConsent) {}

  /**
   * A channel as its members see it. For a channel without end-to-end encryption, also who has
   * consented to plain text and which members with published keys have not yet (posts wait for them).
   */
  private Listing listing(Connection c, Channel ch, Proof receipt) throws SQLException {
    List<Member> members = core.store.members(c, ch.id());
    if (ch.encryption() != Channel.Encryption.NONE) {
      return new Listing(ch, members, receipt, List.of(), List.of());
    }
    List<String> consents = core.store.plainConsents(c, ch.id());
    return new Listing(ch, members, receipt, consents, awaitingConsent(c, ch, Member.parties(members), consents));
  }

  /** The members that have published keys but not consented to channel {@code ch} carrying plain text. */
  private List<String> awaitingConsent(Connection c, Channel ch, List<String> members, List<String> consents)
      throws SQLException {
    List<String> out = new ArrayList<>();
    for (String p : members) {
      if (!consents.contains(p) && keys.hasKey(c, p)) {
        out.add(p);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ channels and membership

  Listing create(String caller, JsonNode json) {
    ObjectView body = ObjectView.of(json).onlyKnown(CREATE_FIELDS);
    String name = body.string("name");
    if (name.isBlank() || name.length() > 255) {
      throw ApiException.badRequest("name must be 1 to 255 characters, got %d", name.length());
    }
    Channel.Kind kind = Channel.Kind.parse(body.string("kind"), "kind");
    Set<String> members = new LinkedHashSet<>();
    members.add(caller);
    List<String> given = body.strings("members", 1000);
    for (int i = 0; i < given.size(); i++) {
      members.add(party(given.get(i), "members[" + i + "]"));
    }
    if (kind == Channel.Kind.BILATERAL && members.size() != 2) {
      throw ApiException.badRequest(
          "a bilateral channel has exactly two members, you and one other; members name %d in all", members.size());
    }
    String esc = body.string("escalation", null);
    Channel.Policy policy = esc != null ? Channel.Policy.parse(esc, "escalation")
        : kind == Channel.Kind.BILATERAL ? Channel.Policy.MARK_UNRESPONSIVE : Channel.Policy.NOTIFY_GROUP;
    String enc = body.string("encryption", null);
    Channel.Encryption encryption = enc != null ? Channel.Encryption.parse(enc, "encryption") : Channel.Encryption.NONE;
    return core.write(c -> {
      Instant now = core.now();
      Channel ch = new Channel(UUID.randomUUID().toString(), name, kind, policy, caller, now, null, null, 0,
          encryption);
      core.store.insertChannel(c, ch);
      Proof receipt = core.record(c, "channel.create", caller, now, e -> {
        e.put("channel_id", ch.id()).put("name", name).put("kind", kind.wire).put("escalation", policy.wire)
            .put("encryption", encryption.wire);
        ArrayNode ms = e.putArray("members");
        members.forEach(ms::add);
      });
      ObjectNode payload = Views.JSON.objectNode().put("action", "created").put("by", caller).put("name", name);
      payload.set("receipt", Views.proof(receipt));
      long eventSeq = core.event(c, "channel", ch.id(), null, now, payload, members);
      for (String p : members) {
        core.store.ensureParty(c, p, core.phrasebook.languages().get(0), now);
        core.store.join(c, ch.id(), new Member(p, now, 1, caller), eventSeq);
      }
      return listing(c, ch, receipt);
    });
  }

  List<Listing> channelsOf(String caller) {
    return core.read(c -> {
      List<Listing> out = new ArrayList<>();
      for (Channel ch : core.store.channelsOf(c, caller)) {
        out.add(listing(c, ch, null));
      }
      return out;
    });
  }

  Listing channel(String caller, String channelId) {
    return core.read(c -> {
      Channel ch = core.requireMember(c, caller, channelId).channel();
      return listing(c, ch, null);
    });
  }

  Listing addMember(String caller, String channelId, JsonNode json) {
    ObjectView body = ObjectView.of(json).onlyKnown(Set.of("party"));
    String party = party(body.string("party"), "party");
    return core.write(c -> {
      Instant now = core.now();
      Channel ch = core.requireMember(c, caller, channelId).channel();
      if (ch.kind() == Channel.Kind.BILATERAL) {
        throw ApiException.conflict("channel %s is bilateral; its two members are fixed", ch.id());
      }
      if (core.store.member(c, ch.id(), party) != null) {
        throw ApiException.conflict("%s is already a member of channel %s", party, ch.id());
      }
      core.store.ensureParty(c, party, core.phrasebook.languages().get(0), now);
      // History cut-off: the new member sees messages from the next one on.
      Member m = new Member(party, now, ch.lastSeq() + 1, caller);
      Proof receipt = core.record(c, "channel.member.add", caller, now, e -> e.put("channel_id", ch.id())
          .put("member", party).put("from_seq", m.fromSeq()));
      List<String> audience = Member.parties(core.store.members(c, ch.id()));
      audience.add(party);
      long eventSeq = core.event(c, "membership", ch.id(), null, now, membershipPayload("added", party, caller,
          m.fromSeq(), receipt), audience);
      core.store.join(c, ch.id(), m, eventSeq);
      return listing(c, ch, receipt);
    });
  }

  Listing removeMember(String caller, String channelId, String party) {
    return core.write(c -> {
      Instant now = core.now();
      Channel ch = core.requireMember(c, caller, channelId).channel();
      if (core.store.member(c, ch.id(), party) == null) {
        throw ApiException.notFound("%s is not a member of channel %s", Values.truncate(party), ch.id());
      }
      if (ch.kind() == Channel.Kind.BILATERAL) {
        throw ApiException.conflict("channel %s is bilateral; its two members are fixed", ch.id());
      }
      if (!party.equals(caller) && !caller.equals(ch.createdBy())) {
        throw ApiException.forbidden("only %s, who created channel %s, may remove other members", ch.createdBy(), ch.id());
      }
      Proof receipt = core.record(c, "channel.member.remove", caller, now, e -> e.put("channel_id", ch.id())
          .put("member", party));
      core.event(c, "membership", ch.id(), null, now, membershipPayload("removed", party, caller, null, receipt),
          Member.parties(core.store.members(c, ch.id())));
      core.store.leave(c, ch.id(), party, caller, now);
      return listing(c, ch, receipt);
    });
  }

  /**
   * Records {@code caller}'s consent that channel {@code channelId} carries plain text: its signed
   * {@code channel.plain} statement naming the channel ({@code {"signature": …}}; a party without
   * keys sends no body and is recorded hub-attested). A repeat returns the channel unchanged.
   */
  Listing consentPlain(String caller, String channelId, JsonNode json) {
    JsonNode signature = null;
    if (json != null) {
      signature = ObjectView.of(json).onlyKnown(Set.of("signature")).node().get("signature");
    }
    KeyDirectory.Signed signed = keys.verify(caller, Statement.Type.CHANNEL_PLAIN,
        Views.JSON.objectNode().put("channel_id", channelId), signature);
    return core.write(c -> {
      Instant now = core.now();
      Channel ch = core.requireMember(c, caller, channelId).channel();
      if (ch.encryption() != Channel.Encryption.NONE) {
        throw ApiException.conflict("channel %s is %s encrypted; there is no plain text to consent to", ch.id(),
            ch.encryption().wire);
      }
      if (core.store.plainConsents(c, ch.id()).contains(caller)) {
        return listing(c, ch, null);
      }
      keys.stillCurrent(c, signed);
      Proof receipt = core.record(c, "channel.plain.consent", caller, now, e -> {
        e.put("channel_id", ch.id()).put("member", caller);
        if (signed != null) {
          e.set("statement", signed.statement().body());
          e.put("signature", signed.signature());
        }
      });
      core.store.insertPlainConsent(c, ch.id(), caller, now, signed == null ? null : signed.statement().body(),
          signed == null ? null : signed.signature());
      ObjectNode payload = Views.JSON.objectNode().put("action", "plain-consent").put("by", caller);
      payload.set("receipt", Views.proof(receipt));
      core.event(c, "channel", ch.id(), null, now, payload, Member.parties(core.store.members(c, ch.id())));
      return listing(c, ch, receipt);
    });
  }

  private static ObjectNode membershipPayload(String action, String party, String by, Long fromSeq, Proof r) {
    ObjectNode n = Views.JSON.objectNode().put("action", action).put("party", party).put("by", by);
    if (fromSeq != null) {
      n.put("from_seq", fromSeq);
    }
    n.set("receipt", Views.proof(r));
    return n;
  }

  // ------------------------------------------------------------------ posting

  Posted post(String caller, String channelId, JsonNode body) {
    return post(caller, channelId, body, false);
  }

  /**
   * With {@code byHub}, the hub posts in the caller's name by a rule the parties agreed (the caller
   * did not write it, so it carries no signature of theirs even when they have keys); its ledger
   * entry says so ({@code "posted_by": "hub"}).
   */
  private Posted post(String caller, String channelId, JsonNode body, boolean byHub) {
    PostRequest r = PostRequest.parse(body, core.phrasebook);
    ObjectNode content = ((ObjectNode) body).deepCopy();
    content.remove("signature");
    String contentSha256;
    try {
      contentSha256 = Statement.contentSha256(content);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("body has no canonical JSON form: %s", e.getMessage());
    }
    KeyDirectory.Signed signed = byHub ? null : keys.verify(caller, Statement.Type.MESSAGE_POST,
        Views.JSON.objectNode().put("channel_id", channelId).put("message_sha256", contentSha256), body.get("signature"));
    return core.write(c -> {
      Instant now = core.now();
      Core.Access a = core.requireMember(c, caller, channelId);
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
      keys.stillCurrent(c, signed);
      String phrase = r.phraseName();
      if (ch.suspended() && !"resume-channel".equals(phrase)) {
        throw ApiException.conflict("channel %s is suspended by %s since %s; only resume-channel may be posted",
            ch.id(), ch.suspendedBy(), ch.suspendedSince());
      }
      if (!ch.suspended() && "resume-channel".equals(phrase)) {
        throw ApiException.conflict("channel %s is not suspended", ch.id());
      }
      List<String> members = Member.parties(core.store.members(c, ch.id()));
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
      // What the hub itself must read stays plain on every channel, with no consent asked: its own
      // rule post (it says only what the hub holds: an id, an area, a band, a window) and the
      // suspend and resume phrases it acts on.
      boolean forHub = byHub || "suspend-channel".equals(phrase) || "resume-channel".equals(phrase);
      sealedFor(ch, caller, recipients, r, forHub);
      if (!forHub) {
        plainAgreed(c, ch, members);
      }
      Instant deadline = r.deadline(now);
      long seq = core.store.nextSeq(c, ch.id());
      String id = UUID.randomUUID().toString();
      Proof receipt = core.record(c, "message.post", caller, now, e -> {
        e.put("channel_id", ch.id()).put("message_id", id).put("seq", seq).put("client_message_id", r.clientId());
        e.put("priority", r.priority().wire).put("ack_deadline", Views.time(deadline));
        // The ledger proves what was said without holding it: hashes only.
        e.put("text_sha256", r.text() == null ? null : Merkle.sha256Hex(r.text().getBytes(StandardCharsets.UTF_8)));
        e.put("phrase_type", phrase);
        e.put("phrase_params_sha256", r.params() == null ? null : Merkle.sha256Hex(r.params().toString().getBytes(StandardCharsets.UTF_8)));
        if (r.sealed() != null) {
          e.put("sealed_sha256", org.liaison.keys.Statement.contentSha256(r.sealed()));
        }
        ArrayNode ns = e.putArray("notices");
        r.notices().forEach(ns::add);
        ArrayNode rs = e.putArray("recipients");
        recipients.forEach(rs::add);
        e.put("message_sha256", contentSha256);
        if (signed != null) {
          e.set("statement", signed.statement().body());
          e.put("signature", signed.signature());
        }
        if (byHub) {
          e.put("posted_by", "hub");
        }
      });
      Message m = new Message(id, ch.id(), seq, caller, r.clientId(), r.requestSha256(), r.priority(), r.text(),
          phrase, r.params(), r.notices(), deadline, now, receipt, contentSha256, content,
          signed == null ? null : signed.json(), r.sealed(), byHub);
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

  /**
   * An end-to-end encrypted channel takes sealed bodies only, and a sealed body must wrap its key
   * for exactly the sender and the recipients: the hub cannot read it, but it can refuse one that
   * some recipient could never open. What is meant for the hub ({@code forHub}) goes out plain.
   */
  private static void sealedFor(Channel ch, String caller, List<String> recipients, PostRequest r, boolean forHub) {
    if (r.sealed() == null) {
      if (ch.encryption() == Channel.Encryption.E2E && !forHub) {
        throw ApiException.badRequest("%s: channel %s is end-to-end encrypted; post the body as sealed"
            + " (docs/channels.md), not as plain text or phrase", r.text() != null ? "text" : "phrase", ch.id());
      }
      return;
    }
    Set<String> want = new java.util.TreeSet<>(recipients);
    want.add(caller);
    Set<String> got = new java.util.TreeSet<>(Envelope.parties(r.sealed()));
    if (!want.equals(got)) {
      Set<String> missing = new java.util.TreeSet<>(want);
      missing.removeAll(got);
      Set<String> extra = new java.util.TreeSet<>(got);
      extra.removeAll(want);
      throw ApiException.badRequest("sealed.keys must wrap the content key for the sender and every recipient,"
          + " exactly %s; missing %s, not a recipient %s", want, missing, extra);
    }
  }

  /**
   * A channel without end-to-end encryption carries text only once every member that could
   * encrypt (has published keys) has consented to plain text. Not asked of what is meant for the
   * hub (see {@link #post}).
   */
  private void plainAgreed(Connection c, Channel ch, List<String> members) throws SQLException {
    if (ch.encryption() != Channel.Encryption.NONE) {
      return;
    }
    List<String> awaiting = awaitingConsent(c, ch, members, core.store.plainConsents(c, ch.id()));
    if (!awaiting.isEmpty()) {
      throw ApiException.conflict("channel %s is not end-to-end encrypted (encryption: none), and %s %s published keys"
          + " but not consented to plain text; each must first POST a signed channel.plain statement to"
          + " /liaison/v1/channels/%s/plain-consent", ch.id(), String.join(", ", awaiting),
          awaiting.size() == 1 ? "has" : "have", ch.id());
    }
  }

  /** Suspension and resumption are messages too, so members see and acknowledge them. */
  private void suspension(Connection c, Channel ch, String caller, Instant now, Message m, List<String> members)
      throws SQLException {
    boolean suspend = "suspend-channel".equals(m.phraseType());
    if (suspend && ch.suspended()) {
      throw ApiException.conflict("channel %s is already suspended by %s", ch.id(), ch.suspendedBy());
    }
    core.store.setSuspended(c, ch.id(), suspend ? caller : null, suspend ? now : null);
    Proof receipt = core.record(c, suspend ? "channel.suspend" : "channel.resume", caller, now,
        e -> e.put("channel_id", ch.id()).put("message_id", m.id()).put("seq", m.seq()));
    ObjectNode payload = Views.JSON.objectNode().put("action", suspend ? "suspended" : "resumed").put("by", caller)
        .put("message_id", m.id());
    payload.set("receipt", Views.proof(receipt));
    core.event(c, "channel", ch.id(), null, now, payload, members);
  }

  // ------------------------------------------------------------------ for agreements

  /** Whether {@code party} has an entry in the directory. */
  public boolean knowsParty(String party) {
    return core.read(c -> core.store.party(c, party)) != null;
  }

  /** The current members of a channel, or an empty list when there is no such channel. */
  public List<String> members(String channelId) {
    return channelId.length() > 64 ? List.of() : core.read(c -> Member.parties(core.store.members(c, channelId)));
  }

  /** The phrasebook's languages, the first being the original. */
  public List<String> phrasebookLanguages() {
    return core.phrasebook.languages();
  }

  /**
   * Posts {@code body} (as {@code POST …/messages} takes it) on a channel in {@code sender}'s name
   * and returns the message id: how rules agreed among parties speak through the channels. The hub
   * attests it: the sender's keys, if any, are not asked for, and the ledger entry says the hub posted it.
   */
  public String postAs(String sender, String channelId, JsonNode body) {
    return post(sender, channelId, body, true).message().id();
  }

  /** Each party's language, for rendering; read outside the writer. */
  Map<String, String> languages() {
    return core.read(core::languages);
  }

  /** Applies the clock: escalates overdue acknowledgements and declares silent parties Down. */
  public void sweep() {
    sweep(core.now());
  }

  /** As {@link #sweep()}, at {@code now}. */
  public void sweep(Instant now) {
    while (deliveries.escalate(now) == Deliveries.ESCALATION_BATCH) {
      // more were due than one batch holds
    }
    List<ChainStep> steps = chains.get();
    if (!steps.isEmpty()) {
      while (deliveries.escalateChains(now, steps) > 0) {
        // until no step is due
      }
    }
    presence.sweep(now);
  }

  /**
   * Runs {@link #sweep()} every second on a daemon thread until {@link #close()}, whenever {@code
   * onDuty} says so: of several hub instances on one database, one sweeps at a time, so a deadline
   * is escalated and a silent party declared Down once.
   */
  public synchronized void startSweeper(java.util.function.BooleanSupplier onDuty) {
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
        if (onDuty.getAsBoolean()) {
          sweep();
        }
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

  /** A party name: the JWT {@code sub} of a party. */
  static String party(String s, String path) {
    if (s == null || !PARTY.matcher(s).matches()) {
      throw FieldErrors.invalid(path, s, "is not a party name (1 to 255 of letters, digits and . _ : @ / -)");
    }
    return s;
  }
}
