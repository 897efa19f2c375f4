/**
 * The analyses' sections of the HTML report: figures, tables and charts as values that the report escapes and draws.
 */
package org.rapport.analytics.report;
