package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A sealed message as its recipient's node shows it once opened: the text and phrase from the
 * body, and the phrase rendered here, on the receiving side, in every language, as the hub renders
 * plain messages. The phrase is checked against this phrasebook as the hub checks a plain post.
 */
public final class Opened {
  private final Phrasebook phrasebook;
  private final Views views;

  public Opened(Phrasebook phrasebook) {
    this.phrasebook = phrasebook;
    this.views = new Views(phrasebook, null, null);
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
