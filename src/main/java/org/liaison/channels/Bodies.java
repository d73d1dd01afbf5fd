package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of an end-to-end encrypted message on a party's node. Before sealing, {@link #draft}
 * takes the text and phrase out of an operator's post and checks them as the hub checks a plain
 * post. After opening, {@link #show} fills in the text and phrase and renders the phrase here, on
 * the receiving side, in every language, as the hub renders plain messages.
 */
public final class Bodies {
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
}
