/**
 * The server's in-memory read model: the per-customer tables the customer 360 shows, copied from the
 * store into compact typed columns after each batch job, so that a 360 costs hash look-ups and no query.
 */
package org.rapport.server.cache;
