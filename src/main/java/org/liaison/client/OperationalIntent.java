package org.liaison.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.liaison.astm.Wire;
import org.liaison.geo.Volume4D;
import org.liaison.json.ArrayView;
import org.liaison.json.ObjectView;

/**
 * ASTM OperationalIntent: the reference and the details a manager's node shares with entitled
 * peers: volumes, off-nominal volumes and priority (a higher number wins). Nothing else.
 */
public record OperationalIntent(
    OperationalIntentRef reference, List<Volume4D> volumes, List<Volume4D> offNominalVolumes, long priority) {

  public OperationalIntent {
    volumes = List.copyOf(volumes);
    offNominalVolumes = List.copyOf(offNominalVolumes);
  }

  public static OperationalIntent parse(ObjectView n) {
    OperationalIntentRef ref = OperationalIntentRef.parse(n.obj("reference"));
    ObjectView d = n.obj("details");
    List<Volume4D> volumes = volumes(d, "volumes");
    List<Volume4D> off = volumes(d, "off_nominal_volumes");
    long priority = d.integer("priority", 0);
    boolean nominal = ref.state().equals("Accepted") || ref.state().equals("Activated");
    if (nominal && volumes.isEmpty()) {
      throw d.refuse("volumes", "is empty; an " + ref.state() + " operational intent needs at least one volume");
    }
    return new OperationalIntent(ref, volumes, off, priority);
  }

  static List<Volume4D> volumes(ObjectView parent, String field) {
    ArrayView arr = parent.arrayOrEmpty(field).atMost(100, "volumes");
    List<Volume4D> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      out.add(Wire.readVolume(arr.get(i), arr.path(i)));
    }
    return out;
  }

  static ArrayNode toJson(List<Volume4D> volumes) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    volumes.forEach(v -> arr.add(Wire.volume(v)));
    return arr;
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("reference", reference.toJson());
    ObjectNode d = n.putObject("details");
    d.set("volumes", toJson(volumes));
    d.set("off_nominal_volumes", toJson(offNominalVolumes));
    d.put("priority", priority);
    return n;
  }
}
