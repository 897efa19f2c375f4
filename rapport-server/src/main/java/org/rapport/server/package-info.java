/**
 * Rapport server: REST API and dashboard with authentication and roles on the same store.
 */
package org.rapport.server;
