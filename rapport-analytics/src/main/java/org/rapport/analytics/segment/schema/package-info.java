/** Migrations of the "segments" store module (docs/analytics.md, "Segments"). */
package org.rapport.analytics.segment.schema;
