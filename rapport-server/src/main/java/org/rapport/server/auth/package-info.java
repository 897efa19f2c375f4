/** Users, roles, passwords, tokens, sessions, sign-in throttling, segment assignments and the gate every route passes. */
package org.rapport.server.auth;
