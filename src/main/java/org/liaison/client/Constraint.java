package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;

/** ASTM Constraint: a restriction's reference and its details (volumes and an optional type). */
public record Constraint(ConstraintRef reference, List<Volume4D> volumes, String type) {
  public Constraint {
    volumes = List.copyOf(volumes);
  }

  public static Constraint parse(JsonNode n, String path) {
    Fields.object(n, path);
    ConstraintRef ref = ConstraintRef.parse(Fields.required(n, "reference", path), Fields.join(path, "reference"));
    String dp = Fields.join(path, "details");
    JsonNode d = Fields.object(Fields.required(n, "details", path), dp);
    List<Volume4D> volumes = OperationalIntent.volumes(d, "volumes", dp);
    if (volumes.isEmpty()) {
      throw ApiException.badRequest("%s.volumes is empty; a constraint needs at least one volume", dp);
    }
    return new Constraint(ref, volumes, Fields.optionalText(d, "type", dp));
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("reference", reference.toJson());
    ObjectNode d = n.putObject("details");
    d.set("volumes", OperationalIntent.toJson(volumes));
    if (type != null) {
      d.put("type", type);
    }
    return n;
  }
}
