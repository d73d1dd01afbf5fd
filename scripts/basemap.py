#!/usr/bin/env python3
"""Decodes the countries TopoJSON of the npm package world-atlas into the console's GeoJSON basemap.

Run once when the basemap changes, from the project root:
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/basemap.py package/countries-10m.json src/main/resources/console/basemap/countries-10m.geojson
Coordinates are rounded to 0.001 degree (about 100 m, finer than the package's quantization);
points that round onto their predecessor are dropped.
"""
import json
import sys


def decode(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(points)

    def ring(indexes):
        out = []
        for i in indexes:
            points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            for p in points if not out else points[1:]:
                if not out or out[-1] != p:
                    out.append(p)
        if out[0] != out[-1]:
            out.append(out[0])
        return [list(p) for p in out]

    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polygons = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polygons = g["arcs"]
        else:
            continue
        coords = [[ring(r) for r in polygon] for polygon in polygons]
        coords = [[r for r in polygon if len(r) >= 4] for polygon in coords]
        coords = [polygon for polygon in coords if polygon]
        if coords:
            features.append({"type": "Feature", "properties": {"name": g.get("properties", {}).get("name")},
                             "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        topo = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump(decode(topo), f, separators=(",", ":"))
