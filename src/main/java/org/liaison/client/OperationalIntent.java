package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.liaison.astm.Wire;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;

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

  public static OperationalIntent parse(JsonNode n, String path) {
    Fields.object(n, path);
    OperationalIntentRef ref = OperationalIntentRef.parse(Fields.required(n, "reference", path), Fields.join(path, "reference"));
    String dp = Fields.join(path, "details");
    JsonNode d = Fields.object(Fields.required(n, "details", path), dp);
    List<Volume4D> volumes = volumes(d, "volumes", dp);
    List<Volume4D> off = volumes(d, "off_nominal_volumes", dp);
    long priority = Fields.present(d, "priority") ? Fields.integer(d, "priority", dp) : 0;
    boolean nominal = ref.state().equals("Accepted") || ref.state().equals("Activated");
    if (nominal && volumes.isEmpty()) {
      throw ApiException.badRequest("%s.volumes is empty; an %s operational intent needs at least one volume", dp, ref.state());
    }
    return new OperationalIntent(ref, volumes, off, priority);
  }

  static List<Volume4D> volumes(JsonNode parent, String field, String path) {
    ArrayNode arr = Fields.optionalArray(parent, field, path);
    String p = Fields.join(path, field);
    if (arr.size() > 100) {
      throw ApiException.badRequest("%s holds %d volumes; at most 100 are accepted", p, arr.size());
    }
    List<Volume4D> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      out.add(Wire.readVolume(arr.get(i), p + "[" + i + "]"));
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
