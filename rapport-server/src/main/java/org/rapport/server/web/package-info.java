/**
 * What the dashboard shows, made for people: {@link org.rapport.server.web.Format} (currency, thousands
 * separators, fixed decimals per kind of figure, dates), {@link org.rapport.server.web.Fields} (human labels
 * and the kind of each field), {@link org.rapport.server.web.Doc} (a stored result as sections of facts and
 * tables, never JSON), and the typed models the jte templates receive.
 */
package org.rapport.server.web;
