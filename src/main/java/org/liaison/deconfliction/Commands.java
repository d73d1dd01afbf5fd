package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.liaison.astm.Extents;
import org.liaison.astm.Wire;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.errors.ApiException;

/**
 * The ASTM write requests the rules take, parsed from their JSON bodies with {@code astm.Wire}: a
 * bad field is a 400 naming it. Nothing here reads the airspace.
 */
final class Commands {
  private Commands() {}

  /**
   * A part of a request that is parsed with it but whose refusal the rules give only when they
   * reach it, after the checks that come first (existence, ownership, OVN), as the hub always has.
   */
  record Deferred<T>(T value, RuntimeException refusal) {
    T get() {
      if (refusal != null) {
        throw refusal;
      }
      return value;
    }

    static <T> Deferred<T> of(java.util.function.Supplier<T> parse) {
      try {
        return new Deferred<>(parse.get(), null);
      } catch (RuntimeException e) {
        return new Deferred<>(null, e);
      }
    }
  }

  /** An implicit subscription asked for with an operational intent. */
  record NewSubscription(String ussBaseUrl, boolean notifyForConstraints) {}

  /**
   * {@code PUT operational_intent_references}: {@code subscriptionId} and {@code newSubscription}
   * are null when absent, and never both given.
   */
  record PutOi(Extents extents, OiState state, String ussBaseUrl, Set<String> key,
      Deferred<UUID> subscriptionId, Deferred<NewSubscription> newSubscription) {}

  /** {@code PUT constraint_references}. */
  record PutConstraint(Extents extents, String ussBaseUrl) {}

  /** {@code PUT subscriptions}: one volume, its start defaulting to now. */
  record PutSubscription(Extents extents, String ussBaseUrl, boolean notifyForOperationalIntents,
      boolean notifyForConstraints) {}

  /** {@code PUT uss_availability}: {@code oldVersion} is null when absent. */
  record SetAvailability(String oldVersion, Availability availability) {}

  static PutOi putOi(JsonNode body, Instant now, boolean allowHttpBaseUrls, boolean strict) {
    Wire.object(body, "body");
    Extents extents = Wire.extents(body, "extents", "", Wire.Mode.OPERATION, now, strict);
    OiState state = OiState.parse(Wire.text(body, "state", ""), "state");
    String baseUrl = Wire.baseUrl(body, "uss_base_url", "", allowHttpBaseUrls, strict);
    Set<String> key = key(body);
    String subIdText = Wire.optionalText(body, "subscription_id", "");
    JsonNode newSub = body.get("new_subscription");
    boolean hasNewSub = newSub != null && !newSub.isNull();
    if (subIdText != null && hasNewSub) {
      throw ApiException.badRequest("subscription_id and new_subscription are both given; give one");
    }
    Deferred<UUID> subscriptionId = subIdText == null ? null
        : Deferred.of(() -> Wire.uuid(subIdText, "subscription_id"));
    Deferred<NewSubscription> created = !hasNewSub ? null : Deferred.of(() -> {
      Wire.object(newSub, "new_subscription");
      String subUrl = Wire.baseUrl(newSub, "uss_base_url", "new_subscription", allowHttpBaseUrls, strict);
      boolean forConstraints = Wire.optionalBool(newSub, "notify_for_constraints", "new_subscription", false);
      return new NewSubscription(subUrl, forConstraints);
    });
    return new PutOi(extents, state, baseUrl, key, subscriptionId, created);
  }

  private static Set<String> key(JsonNode body) {
    JsonNode k = body.get("key");
    Set<String> key = new HashSet<>();
    if (k == null || k.isNull()) {
      return key;
    }
    if (!k.isArray()) {
      throw ApiException.badRequest("key must be an array of OVNs, got %s", Wire.describe(k));
    }
    for (int i = 0; i < k.size(); i++) {
      if (!k.get(i).isTextual()) {
        throw ApiException.badRequest("key[%d] must be a string, got %s", i, Wire.describe(k.get(i)));
      }
      key.add(k.get(i).textValue());
    }
    return key;
  }

  static PutConstraint putConstraint(JsonNode body, Instant now, boolean allowHttpBaseUrls, boolean strict) {
    Wire.object(body, "body");
    Extents extents = Wire.extents(body, "extents", "", Wire.Mode.CONSTRAINT, now, strict);
    String baseUrl = Wire.baseUrl(body, "uss_base_url", "", allowHttpBaseUrls, strict);
    return new PutConstraint(extents, baseUrl);
  }

  static PutSubscription putSubscription(JsonNode body, Instant now, boolean allowHttpBaseUrls, boolean strict) {
    Wire.object(body, "body");
    JsonNode ext = Wire.object(Wire.required(body, "extents", ""), "extents");
    Wire.Parsed p = Wire.volume4d(ext, "extents", Wire.Mode.SUBSCRIPTION, now);
    Extents extents = new Extents(List.of(p.volume()), p.start().text(), p.end().text());
    String baseUrl = Wire.baseUrl(body, "uss_base_url", "", allowHttpBaseUrls, strict);
    boolean forOis = Wire.optionalBool(body, "notify_for_operational_intents", "", false);
    boolean forCs = Wire.optionalBool(body, "notify_for_constraints", "", false);
    return new PutSubscription(extents, baseUrl, forOis, forCs);
  }

  static SetAvailability setAvailability(JsonNode body) {
    Wire.object(body, "body");
    String oldVersion = Wire.optionalText(body, "old_version", "");
    Availability next = Availability.parse(Wire.text(body, "availability", ""), "availability");
    return new SetAvailability(oldVersion, next);
  }
}
