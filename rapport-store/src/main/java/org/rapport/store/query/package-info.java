/**
 * The shared queries over the tables every module reads: analysis runs ({@link org.rapport.store.query.Runs})
 * and the stored results of the analyses ({@link org.rapport.store.query.StoredResults}), over any
 * {@link org.rapport.store.Queries} (the batch job's store or the server's pool). Each module keeps the SQL
 * of the tables it alone owns next to its code.
 */
package org.rapport.store.query;
