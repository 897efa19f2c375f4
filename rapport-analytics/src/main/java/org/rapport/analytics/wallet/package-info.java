/**
 * Share of wallet: each customer's wallet (survey answer, else estimated from look-alike customers) and the headroom between wallet and spend.
 */
package org.rapport.analytics.wallet;
