/** The server's load benchmark ({@link org.rapport.bench.server.ServerBench}). */
package org.rapport.bench.server;
