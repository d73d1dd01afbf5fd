/**
 * Civil aviation publication: the hub turns the notices and restrictions that parties allow it to
 * publish into rounded, padded danger areas, and writes them as GeoJSON, KML and ICAO NOTAM text
 * with a feed of changes. No party, purpose or priority is published. See docs/publication.md.
 */
package org.liaison.publication;
