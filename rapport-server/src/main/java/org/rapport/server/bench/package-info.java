/** The server's load benchmark ({@link org.rapport.server.bench.ServerBench}). */
package org.rapport.server.bench;
