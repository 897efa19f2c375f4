/**
 * Rapport analytics: customer equity, relationship groups, needs-based segments with managers and budgets, share of wallet, brands, moments of value, R&amp;D feedback.
 */
package org.rapport.analytics;
