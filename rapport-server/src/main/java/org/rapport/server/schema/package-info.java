/** The server's migrations (module {@code server}): users, tokens, sessions, audit_log. */
package org.rapport.server.schema;
