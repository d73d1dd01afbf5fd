package org.liaison.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.proof.Receipt;

/** The JSON forms of channel values, as the API returns them. */
final class Views {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Phrasebook phrasebook;
  private final Function<String, Availability> availability;
  private final Receipts receipts;

  Views(Phrasebook phrasebook, Function<String, Availability> availability, Receipts receipts) {
    this.phrasebook = phrasebook;
    this.availability = availability;
    this.receipts = receipts;
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  /** The hub's signed receipt for {@code p}, as JSON; null for null. */
  ObjectNode receipt(Proof p) {
    Receipt r = receipts.sign(p);
    return r == null ? null : (ObjectNode) org.liaison.http.Json.MAPPER.valueToTree(r);
  }

  /** A party's keys: the current one (null if none) and every one it published, oldest first. */
  ObjectNode keys(String party, List<KeyDirectory.Row> rows) {
    ObjectNode n = JSON.objectNode().put("party", party);
    n.putNull("current");
    com.fasterxml.jackson.databind.node.ArrayNode all = n.putArray("keys");
    for (KeyDirectory.Row r : rows) {
      ObjectNode k = keyRow(r);
      all.add(k);
      if (r.ended() == null) {
        n.set("current", k);
      }
    }
    return n;
  }

  ObjectNode keyRow(KeyDirectory.Row r) {
    ObjectNode k = JSON.objectNode().put("key_id", r.keys().keyId()).put("ed25519", r.keys().ed25519Base64())
        .put("x25519", r.keys().x25519Base64()).put("published", time(r.published())).put("ended", time(r.ended()))
        .put("ended_by", r.endedBy());
    k.set("receipt", receipt(r.receipt()));
    return k;
  }

  /** An unsigned proof as stored in an event payload; {@link #signed} signs it when shown. */
  static ObjectNode proof(Proof p) {
    return p == null ? null : p.json();
  }

  /** {@code payload} with its stored {@code receipt} proof replaced by the signed receipt. */
  ObjectNode signed(ObjectNode payload) {
    com.fasterxml.jackson.databind.JsonNode r = payload.get("receipt");
    if (r != null && r.isObject() && !r.has("signature")) {
      payload.set("receipt", receipt(Proof.fromJson(r)));
    }
    return payload;
  }

  /** A channel; one without end-to-end encryption also says who consented to plain text and who not yet. */
  ObjectNode channel(Channels.Listing l) {
    ObjectNode n = channel(l.channel(), l.members());
    if (l.channel().encryption() == Channel.Encryption.NONE) {
      l.plainConsents().forEach(n.putArray("plain_consents")::add);
      l.awaitingConsent().forEach(n.putArray("awaiting_plain_consent")::add);
    }
    return n;
  }

  ObjectNode channel(Channel ch, List<Member> members) {
    ObjectNode n = JSON.objectNode();
    n.put("id", ch.id());
    n.put("name", ch.name());
    n.put("kind", ch.kind().wire);
    n.put("escalation", ch.escalation().wire);
    n.put("encryption", ch.encryption().wire);
    n.put("created_by", ch.createdBy());
    n.put("created", time(ch.created()));
    if (ch.suspended()) {
      n.putObject("suspended").put("by", ch.suspendedBy()).put("since", time(ch.suspendedSince()));
    } else {
      n.putNull("suspended");
    }
    n.put("last_seq", ch.lastSeq());
    if (members != null) {
      ArrayNode ms = n.putArray("members");
      members.forEach(m -> ms.add(member(m)));
    }
    return n;
  }

  static ObjectNode member(Member m) {
    return JSON.objectNode().put("party", m.party()).put("joined", time(m.joined()))
        .put("from_seq", m.fromSeq()).put("added_by", m.addedBy());
  }

  ObjectNode party(Party p) {
    ObjectNode n = JSON.objectNode();
    n.put("party", p.id());
    n.put("display_name", p.displayName());
    n.put("base_url", p.baseUrl());
    n.put("public_key", p.publicKey());
    n.put("language", phrasebook.firstAvailable(p.languages()));
    p.languages().forEach(n.putArray("languages")::add);
    n.put("heartbeat_interval_seconds", p.heartbeatInterval().toSeconds());
    n.put("last_heartbeat", time(p.lastHeartbeat()));
    n.put("availability", availability.apply(p.id()).name());
    n.put("unresponsive", p.unresponsiveSince() != null);
    n.put("unresponsive_since", time(p.unresponsiveSince()));
    return n;
  }

  /**
   * A message as {@code viewer} sees it: {@code rendered} in the viewer's language, and {@code
   * renderings} in every language, so a sender sees exactly what each recipient reads.
   */
  ObjectNode message(Message m, List<Delivery> deliveries, String viewer, Map<String, String> languages) {
    return message(m, deliveries, viewer, languages, null);
  }

  /** As {@link #message(Message, List, String, Map)}, rendered in {@code asked} if not null. */
  ObjectNode message(Message m, List<Delivery> deliveries, String viewer, Map<String, String> languages, String asked) {
    ObjectNode n = JSON.objectNode();
    n.put("id", m.id());
    n.put("channel_id", m.channelId());
    n.put("seq", m.seq());
    n.put("sender", m.sender());
    // A sealed body is bound to its client message id, so its recipients need it to open it.
    if (viewer.equals(m.sender()) || m.sealed() != null) {
      n.put("client_message_id", m.clientId());
    }
    n.put("posted", time(m.posted()));
    n.put("priority", m.priority().wire);
    n.put("ack_deadline", time(m.ackDeadline()));
    n.put("text", m.text());
    // What a recipient's node needs to check the sender's signature and to sign its own statements.
    n.put("message_sha256", m.contentSha256());
    n.set("content", m.content());
    n.set("signature", m.signature());
    ObjectNode renderings = JSON.objectNode();
    ObjectNode reviews = JSON.objectNode();
    n.put("encrypted", m.sealed() != null);
    // The hub posted it by an agreed rule: plain and unsigned even on an end-to-end encrypted
    // channel, and attested by the hub alone, not by the sender.
    n.put("posted_by", m.postedByHub() ? "hub" : null);
    n.put("hub_attested", m.signature() == null);
    if (m.sealed() != null) {
      // The hub cannot read it: the recipient's node opens it and renders the phrase itself.
      n.set("sealed", m.sealed());
      n.put("ciphertext_bytes", java.util.Base64.getDecoder().decode(m.sealed().get("ciphertext").asText()).length);
      n.putNull("phrase");
      n.putArray("links");
    } else if (m.phraseType() != null) {
      Phrasebook.Type type = phrasebook.type(m.phraseType(), "stored phrase type");
      n.putObject("phrase").put("type", m.phraseType()).set("params", m.phraseParams());
      phrasebook.render(type, m.phraseParams()).forEach((lang, text) -> {
        renderings.put(lang, m.text() == null || m.text().isEmpty() ? text : text + "\n\n" + m.text());
        reviews.set(lang, phrasebook.review(type, lang).json());
      });
      n.set("links", phrasebook.links(type, m.phraseParams()));
    } else {
      // Free text is shown as written, in every language: the hub does not translate.
      phrasebook.languages().forEach(lang -> {
        renderings.put(lang, m.text());
        reviews.set(lang, Phrasebook.Review.ORIGINAL.json());
      });
      n.putNull("phrase");
      n.putArray("links");
    }
    ArrayNode notices = n.putArray("notices");
    m.notices().forEach(id -> notices.addObject().put("id", id)
        .put("href", "/dss/v1/operational_intent_references/" + id));
    if (m.sealed() != null) {
      n.putNull("rendered");
      n.putNull("renderings");
      n.putNull("reviews");
    } else {
      n.set("rendered", rendered(renderings, reviews, asked != null ? asked : phrasebook.language(languages.get(viewer))));
      n.set("renderings", renderings);
      n.set("reviews", reviews);
    }
    ArrayNode ds = n.putArray("deliveries");
    for (Delivery d : deliveries) {
      ds.add(delivery(d, languages));
    }
    n.set("receipt", viewer.equals(m.sender()) ? receipt(m.proof()) : null);
    return n;
  }

  /**
   * The rendering in {@code lang} with its review; an unreviewed translation always carries the
   * original beside it, since a wrong translation of a safety message is itself a hazard.
   */
  ObjectNode rendered(ObjectNode renderings, ObjectNode reviews, String lang) {
    ObjectNode r = JSON.objectNode().put("language", lang).put("text", renderings.get(lang).asText());
    r.set("review", reviews.get(lang));
    if (reviews.get(lang).get("status").asText().equals("unreviewed")) {
      String en = phrasebook.original();
      r.putObject("original").put("language", en).put("text", renderings.get(en).asText());
    } else {
      r.putNull("original");
    }
    return r;
  }

  ObjectNode delivery(Delivery d, Map<String, String> languages) {
    ObjectNode n = JSON.objectNode();
    n.put("party", d.recipient());
    n.put("language", phrasebook.language(languages.get(d.recipient())));
    n.put("state", d.state().wire);
    n.put("sent", time(d.sent()));
    n.put("delivered", time(d.delivered()));
    n.put("read", time(d.read()));
    n.put("acknowledged", time(d.acknowledged()));
    n.put("late", d.late());
    n.put("reply", d.reply());
    n.put("ack_deadline", time(d.ackDeadline()));
    n.put("escalated", time(d.escalated()));
    return n;
  }
}
