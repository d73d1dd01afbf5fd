// The basemap under the map and the plan view: the tile server the console was started with
// (--tiles URL), or else the offline Natural Earth 1:10m countries shipped with the console.
const OFFLINE = 'basemap/countries-10m.geojson';
let offline;

// Adds the basemap to a Leaflet map; resolves once it is drawn (the first tiles, or the countries).
export function addBasemap(map, config) {
  if (config && config.tiles) {
    map.attributionControl.addAttribution(`Basemap: ${new URL(config.tiles.replace(/[{}]/g, '')).host}`);
    return new Promise((resolve, reject) => {
      const tiles = L.tileLayer(config.tiles, { maxZoom: 19 });
      tiles.once('load', resolve);
      tiles.once('tileerror', () => reject(new Error(`no tile from ${config.tiles}`)));
      tiles.addTo(map).bringToBack();
    });
  }
  map.attributionControl.addAttribution('Basemap: Natural Earth (public domain)');
  offline = offline || fetch(OFFLINE).then((r) => {
    if (!r.ok) throw new Error(`${OFFLINE} answered ${r.status}`);
    return r.json();
  });
  return offline.then((geo) => {
    L.geoJSON(geo, {
      renderer: L.canvas({ padding: 0.5 }),
      interactive: false,
      smoothFactor: 1.5,
      style: { color: '#8d8d8d', weight: 0.6, fillColor: '#efece4', fillOpacity: 1 },
    }).addTo(map).bringToBack();
  });
}
