package org.liaison.geo;

import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Point;

/** A WGS84 point in degrees; always finite and in range. */
public record LatLng(double lat, double lng) {
  public LatLng {
    if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
      throw new IllegalArgumentException("lat " + lat + " is outside [-90, 90]");
    }
    if (!Double.isFinite(lng) || lng < -180 || lng > 180) {
      throw new IllegalArgumentException("lng " + lng + " is outside [-180, 180]");
    }
  }

  /** Parses with a field path in the error, for request bodies. */
  public static LatLng of(double lat, double lng, String path) {
    if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
      throw Invalid.field(path + ".lat", "%s.lat %s is outside [-90, 90]", path, lat);
    }
    if (!Double.isFinite(lng) || lng < -180 || lng > 180) {
      throw Invalid.field(path + ".lng", "%s.lng %s is outside [-180, 180]", path, lng);
    }
    return new LatLng(lat, lng);
  }

  S2Point toPoint() {
    return S2LatLng.fromDegrees(lat, lng).toPoint();
  }
}
