package org.liaison.deconfliction;

import org.liaison.astm.Extents;
import org.liaison.astm.Times;
import java.util.Locale;
import java.util.UUID;
import org.liaison.errors.ApiException;

/** The references the hub keeps. Only where, when and who: never mission details. */
public final class Models {
  private Models() {}

  /** Shown to parties other than the owner in place of an OVN. */
  static final String OVN_HIDDEN = "Available from USS";

  /** InterUSS's id for "no subscription", kept for wire compatibility. */
  static final UUID NIL_SUBSCRIPTION = UUID.fromString("00000000-0000-4000-8000-000000000000");

  /** ASTM operational intent states. */
  public enum OiState {
    Accepted,
    Activated,
    Nonconforming,
    Contingent;

    static OiState parse(String s, String path) {
      for (OiState v : values()) {
        if (v.name().equals(s)) {
          return v;
        }
      }
      throw ApiException.badRequest(
          "%s \"%s\" is not one of Accepted, Activated, Nonconforming, Contingent", path, Times.truncate(s));
    }

    boolean needsKey() {
      return this == Accepted || this == Activated;
    }
  }

  /** ASTM USS availability. */
  public enum Availability {
    Unknown,
    Normal,
    Down;

    static Availability parse(String s, String path) {
      for (Availability v : values()) {
        if (v.name().toLowerCase(Locale.ROOT).equals(s == null ? null : s.toLowerCase(Locale.ROOT))) {
          return v;
        }
      }
      throw ApiException.badRequest(
          "%s \"%s\" is not one of Unknown, Normal, Down", path, s == null ? null : Times.truncate(s));
    }
  }

  /** An operation notice: the ASTM operational intent reference. */
  public record OperationalIntent(
      UUID id,
      String manager,
      long version,
      String ovn,
      OiState state,
      Extents extents,
      String ussBaseUrl,
      UUID subscriptionId) {}

  /** A restriction: the ASTM constraint reference. */
  public record Constraint(
      UUID id, String manager, long version, String ovn, Extents extents, String ussBaseUrl) {}

  /** A watch: the ASTM subscription. */
  /**
   * A subscription. {@code constraintsEntitled} says whether its owner held {@code
   * utm.constraint_processing} when it asked for constraint notifications: in the default mode the
   * hub accepts {@code notify_for_constraints} without that scope, as InterUSS does, but tells of
   * constraints only those entitled to them.
   */
  public record Subscription(
      UUID id,
      String manager,
      long version,
      long notificationIndex,
      Extents extents,
      String ussBaseUrl,
      boolean notifyForOperationalIntents,
      boolean notifyForConstraints,
      boolean implicit,
      boolean constraintsEntitled) {

    /** Whether constraint changes reach this subscription (and its key must hold their OVNs). */
    boolean receivesConstraints() {
      return notifyForConstraints && constraintsEntitled;
    }

    Subscription notified() {
      return new Subscription(
          id, manager, version, notificationIndex + 1, extents, ussBaseUrl,
          notifyForOperationalIntents, notifyForConstraints, implicit, constraintsEntitled);
    }

    Subscription withExtents(Extents e) {
      return new Subscription(
          id, manager, version + 1, notificationIndex, e, ussBaseUrl,
          notifyForOperationalIntents, notifyForConstraints, implicit, constraintsEntitled);
    }
  }

  /** A party's availability as arbitrated at the hub. */
  public record PartyAvailability(String party, Availability availability, long version) {}
}
