/** The JSON API: routes per resource ({@code Api}, {@code UsersApi}, {@code JobsApi}), the route record, errors, JSON and the OpenAPI document. */
package org.rapport.server.api;
