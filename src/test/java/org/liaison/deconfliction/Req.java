package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Request bodies, built fluently and rendered at send time against the hub's clock. A base URL
 * left unset becomes the sending party's own.
 */
public abstract class Req {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  String baseUrl;

  abstract ObjectNode json(Instant now, String defaultUrl);

  String url(String defaultUrl) {
    return baseUrl != null ? baseUrl : defaultUrl;
  }

  public static OiReq oi(Vol... volumes) {
    return new OiReq(Arrays.asList(volumes));
  }

  public static SubReq sub(Vol volume) {
    return new SubReq(volume);
  }

  public static ConstraintReq constraint(Vol... volumes) {
    return new ConstraintReq(Arrays.asList(volumes));
  }

  static ArrayNode extents(List<Vol> volumes, Instant now) {
    ArrayNode a = JSON.arrayNode();
    volumes.forEach(v -> a.add(v.json(now)));
    return a;
  }

  /** PutOperationalIntentReferenceParameters. */
  public static final class OiReq extends Req {
    private final List<Vol> volumes;
    private String state = "Accepted";
    private final List<String> key = new ArrayList<>();
    private UUID subscriptionId;
    private boolean newSubscription;
    private String newSubscriptionUrl;
    private boolean newSubscriptionForConstraints;

    OiReq(List<Vol> volumes) {
      this.volumes = List.copyOf(volumes);
    }

    public OiReq state(String s) {
      state = s;
      return this;
    }

    public OiReq key(String... ovns) {
      return key(Arrays.asList(ovns));
    }

    public OiReq key(Collection<String> ovns) {
      key.addAll(ovns);
      return this;
    }

    public OiReq sub(UUID id) {
      subscriptionId = id;
      return this;
    }

    public OiReq newSub() {
      newSubscription = true;
      return this;
    }

    public OiReq newSub(String url, boolean forConstraints) {
      newSubscription = true;
      newSubscriptionUrl = url;
      newSubscriptionForConstraints = forConstraints;
      return this;
    }

    public OiReq baseUrl(String url) {
      baseUrl = url;
      return this;
    }

    @Override
    ObjectNode json(Instant now, String defaultUrl) {
      ObjectNode n = JSON.objectNode();
      n.set("extents", extents(volumes, now));
      ArrayNode k = n.putArray("key");
      key.forEach(k::add);
      n.put("state", state);
      n.put("uss_base_url", url(defaultUrl));
      if (subscriptionId != null) {
        n.put("subscription_id", subscriptionId.toString());
      }
      if (newSubscription) {
        n.putObject("new_subscription")
            .put("uss_base_url", newSubscriptionUrl != null ? newSubscriptionUrl : url(defaultUrl))
            .put("notify_for_constraints", newSubscriptionForConstraints);
      }
      return n;
    }
  }

  /** PutSubscriptionParameters. */
  public static final class SubReq extends Req {
    private final Vol volume;
    private boolean ois = true;
    private boolean constraints;

    SubReq(Vol volume) {
      this.volume = volume;
    }

    public SubReq ois(boolean on) {
      ois = on;
      return this;
    }

    public SubReq constraints(boolean on) {
      constraints = on;
      return this;
    }

    public SubReq baseUrl(String url) {
      baseUrl = url;
      return this;
    }

    @Override
    ObjectNode json(Instant now, String defaultUrl) {
      ObjectNode n = JSON.objectNode();
      n.set("extents", volume.json(now));
      n.put("uss_base_url", url(defaultUrl));
      n.put("notify_for_operational_intents", ois);
      n.put("notify_for_constraints", constraints);
      return n;
    }
  }

  /** PutConstraintReferenceParameters. */
  public static final class ConstraintReq extends Req {
    private final List<Vol> volumes;

    ConstraintReq(List<Vol> volumes) {
      this.volumes = List.copyOf(volumes);
    }

    public ConstraintReq baseUrl(String url) {
      baseUrl = url;
      return this;
    }

    @Override
    ObjectNode json(Instant now, String defaultUrl) {
      ObjectNode n = JSON.objectNode();
      n.set("extents", extents(volumes, now));
      n.put("uss_base_url", url(defaultUrl));
      return n;
    }
  }
}
