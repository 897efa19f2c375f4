/**
 * Rapport offers: next best offers: candidates (upgrade paths, co-purchase, life events, trusted circle, segment favourites), arbitration by value, campaigns, back-test.
 */
package org.rapport.offers;
