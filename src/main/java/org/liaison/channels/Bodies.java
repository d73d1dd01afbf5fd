package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.liaison.keys.PartyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of an end-to-end encrypted message on a party's node. Before sealing, {@link #draft}
 * takes the text and phrase out of an operator's post and checks them as the hub checks a plain
 * post. After opening, {@link #show} fills in the text and phrase and renders the phrase here, on
 * the receiving side, in every language, as the hub renders plain messages. A party's node and
 * the command line with {@code --keys} both seal and open through here.
 */
public final class Bodies {
  private static final Logger log = LoggerFactory.getLogger(Bodies.class);
  private final Phrasebook phrasebook;
  private final Views views;

  public Bodies(Phrasebook phrasebook) {
    this.phrasebook = phrasebook;
    this.views = new Views(phrasebook, null, null);
  }

  /**
   * An operator's post split for sealing: {@code body} (text and phrase) to seal, {@code rest}
   * (the metadata the hub sees) with the client message id and priority the seal is bound to
   * filled in.
   */
  public record Draft(ObjectNode body, ObjectNode rest, String clientMessageId, String priority) {}

  /** Splits and checks {@code post}; a bad field is a 4xx naming it, as at the hub. */
  public Draft draft(JsonNode post) {
    PostRequest r = PostRequest.parse(post, phrasebook);
    if (r.sealed() != null) {
      throw org.liaison.errors.ApiException.badRequest("sealed: the node seals the body itself; give text or phrase");
    }
    ObjectNode body = Views.JSON.objectNode();
    body.put("text", r.text());
    if (r.phrase() != null) {
      body.putObject("phrase").put("type", r.phrase().name()).set("params", r.params());
    } else {
      body.putNull("phrase");
    }
    ObjectNode rest = ((ObjectNode) post).deepCopy();
    rest.remove("text");
    rest.remove("phrase");
    rest.put("client_message_id", r.clientId());
    rest.put("priority", r.priority().wire);
    return new Draft(body, rest, r.clientId(), r.priority().wire);
  }

  /**
   * Fills {@code message} (the hub's JSON of a sealed message) with the opened {@code body},
   * rendered for a reader of {@code language}. An opened body that is not a valid message is
   * undecryptable too: the sender's node would not have sealed it.
   */
  public ObjectNode show(ObjectNode message, JsonNode body, String language) throws Envelope.Undecryptable {
    if (body == null || !body.isObject()) {
      throw new Envelope.Undecryptable("the body opens but is not a JSON object");
    }
    String text = body.path("text").isTextual() ? body.get("text").asText() : null;
    ObjectNode renderings = Views.JSON.objectNode();
    ObjectNode reviews = Views.JSON.objectNode();
    JsonNode phrase = body.get("phrase");
    message.put("text", text);
    if (phrase != null && !phrase.isNull()) {
      Phrasebook.Type type;
      ObjectNode params;
      try {
        type = phrasebook.type(phrase.path("type").asText(), "phrase.type");
        params = phrasebook.validate(type, phrase.get("params"), "phrase.params");
      } catch (RuntimeException e) {
        throw new Envelope.Undecryptable("the body opens but its phrase is not valid: " + e.getMessage());
      }
      message.putObject("phrase").put("type", type.name()).set("params", params);
      phrasebook.render(type, params).forEach((lang, t) -> {
        renderings.put(lang, text == null || text.isEmpty() ? t : t + "\n\n" + text);
        reviews.set(lang, phrasebook.review(type, lang).json());
      });
      message.set("links", phrasebook.links(type, params));
    } else if (text != null && !text.isEmpty()) {
      phrasebook.languages().forEach(lang -> {
        renderings.put(lang, text);
        reviews.set(lang, Phrasebook.Review.ORIGINAL.json());
      });
    } else {
      throw new Envelope.Undecryptable("the body opens but has neither text nor phrase");
    }
    message.set("rendered", views.rendered(renderings, reviews, phrasebook.language(language)));
    message.set("renderings", renderings);
    message.set("reviews", reviews);
    message.put("decrypted", true);
    return message;
  }

  /**
   * {@code post} (an operator's text and phrase with their metadata) sealed by {@code sender} for
   * itself and its recipients on {@code channel} (the hub's JSON of the channel): those in {@code
   * to}, or every other member. {@code keyOf} gives a party's current X25519 public key, or throws
   * naming the party when it has none.
   */
  public ObjectNode seal(JsonNode channel, String sender, JsonNode post, Function<String, byte[]> keyOf) {
    Draft d = draft(post);
    List<String> parties = new ArrayList<>();
    parties.add(sender);
    if (post.has("to") && post.get("to").isArray() && !post.get("to").isEmpty()) {
      post.get("to").forEach(p -> parties.add(p.asText()));
    } else {
      channel.path("members").forEach(m -> {
        if (!m.path("party").asText().equals(sender)) {
          parties.add(m.path("party").asText());
        }
      });
    }
    List<Envelope.Recipient> recipients = new ArrayList<>();
    for (String p : parties) {
      recipients.add(new Envelope.Recipient(p, keyOf.apply(p)));
    }
    ObjectNode sealedPost = d.rest();
    sealedPost.set("sealed", Envelope.seal(new Envelope.Binding(channel.path("id").asText(), sender,
        d.clientMessageId(), d.priority()), d.body(), recipients));
    return sealedPost;
  }

  /**
   * Opens {@code message} (the hub's JSON of a sealed message) in place for {@code party} with the
   * first key of {@code ring} it was wrapped for (else the first, the current one), rendered in
   * {@code language}, or when null in the language the hub renders the party's messages in.
   */
  public ObjectNode open(ObjectNode message, String party, List<Envelope.KeyPair> ring, String language)
      throws Envelope.Undecryptable {
    Envelope.Binding b = new Envelope.Binding(message.path("channel_id").asText(), message.path("sender").asText(),
        message.path("client_message_id").asText(), message.path("priority").asText());
    JsonNode body = Envelope.open(b, message.get("sealed"), party, keyFor(message.get("sealed"), party, ring));
    return show(message, body, language != null ? language : language(message, party));
  }

  private static Envelope.KeyPair keyFor(JsonNode sealed, String party, List<Envelope.KeyPair> ring) {
    for (JsonNode k : sealed.path("keys")) {
      if (k.path("party").asText().equals(party)) {
        for (Envelope.KeyPair p : ring) {
          if (p.id().equals(k.path("key_id").asText())) {
            return p;
          }
        }
      }
    }
    return ring.get(0);
  }

  /** The language the hub renders this party's messages in, from its delivery; else the first recipient's. */
  private static String language(JsonNode m, String party) {
    for (JsonNode d : m.path("deliveries")) {
      if (d.path("party").asText().equals(party)) {
        return d.path("language").asText(null);
      }
    }
    return m.path("deliveries").path(0).path("language").asText(null);
  }

  /** The party's encryption keys in {@code dir}: {@code current} first, then each retired one. */
  public static List<Envelope.KeyPair> keyring(Path dir, String party, PartyKeys current) {
    List<Envelope.KeyPair> out = new ArrayList<>();
    out.add(pair(current));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "party-keys.*.retired.json")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String id = name.substring("party-keys.".length(), name.length() - ".retired.json".length());
        try {
          out.add(pair(PartyKeys.retired(dir, party, id)));
        } catch (IOException e) {
          log.warn("retired key file {} is unreadable, skipped: {}", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("cannot list retired keys in {}: {}", dir, e.getMessage());
    }
    return out;
  }

  private static Envelope.KeyPair pair(PartyKeys k) {
    return new Envelope.KeyPair(k.x25519Private().getEncoded(), k.publicKeys().x25519());
  }
}
