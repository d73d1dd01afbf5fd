package org.liaison.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.liaison.geo.Volume4D;
import org.liaison.json.ObjectView;

/** ASTM Constraint: a restriction's reference and its details (volumes and an optional type). */
public record Constraint(ConstraintRef reference, List<Volume4D> volumes, String type) {
  public Constraint {
    volumes = List.copyOf(volumes);
  }

  public static Constraint parse(ObjectView n) {
    ConstraintRef ref = ConstraintRef.parse(n.obj("reference"));
    ObjectView d = n.obj("details");
    List<Volume4D> volumes = OperationalIntent.volumes(d, "volumes");
    if (volumes.isEmpty()) {
      throw d.refuse("volumes", "is empty; a constraint needs at least one volume");
    }
    return new Constraint(ref, volumes, d.string("type", null));
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
