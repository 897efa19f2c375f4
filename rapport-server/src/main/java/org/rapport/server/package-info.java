/**
 * Rapport server: REST API and dashboard with authentication and roles on the same store.
 * {@link org.rapport.server.RapportServer} is the entry point; {@code docs/server.md} describes the
 * routes, roles, authentication, jobs and the benchmark.
 */
package org.rapport.server;
