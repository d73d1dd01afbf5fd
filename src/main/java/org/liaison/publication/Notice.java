package org.liaison.publication;

import java.util.List;
import java.util.UUID;
import org.liaison.geo.Volume4D;

/**
 * What the hub holds of an operation notice or a restriction, as publication reads it.
 *
 * @param version changes whenever the volumes do
 */
public record Notice(UUID id, String party, Kind kind, long version, List<Volume4D> volumes) {
  public enum Kind { OPERATION, RESTRICTION }

  public Notice {
    volumes = List.copyOf(volumes);
  }
}
