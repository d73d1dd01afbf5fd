package org.liaison.node;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.liaison.client.ChannelsClient;
import org.liaison.client.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the party's public keys to the hub until the hub has them as the party's current
 * keys: at start, and again every few seconds while the hub is unreachable or refuses. A key of
 * this party that the hub already holds as current is left alone; any other current key is
 * rotated out (the keys in the data directory are the party's).
 */
final class KeyPublisher {
  private static final Logger log = LoggerFactory.getLogger(KeyPublisher.class);

  private final ChannelsClient hub;
  private volatile ScheduledFuture<?> task;
  private volatile boolean published;

  KeyPublisher(ChannelsClient hub) {
    this.hub = hub;
  }

  void schedule(ScheduledExecutorService exec) {
    task = exec.scheduleWithFixedDelay(this::step, 0, 5, TimeUnit.SECONDS);
  }

  boolean published() {
    return published;
  }

  void step() {
    if (published) {
      return;
    }
    try {
      ChannelsClient.Answer a = hub.ensurePublished();
      if (a.ok()) {
        published = true;
        log.info("party keys published to the hub (key {})", a.body().path("key_id").asText());
        ScheduledFuture<?> t = task;
        if (t != null) {
          t.cancel(false);
        }
      } else {
        log.warn("the hub refused the party keys ({}): {}; will retry", a.status(), a.body().path("message").asText());
      }
    } catch (ServiceException | IllegalStateException e) {
      log.debug("cannot publish party keys yet: {}", e.getMessage());
    }
  }
}
