/**
 * Relationship groups (Reinartz &amp; Kumar 2002): profitability against projected loyalty gives true friends, butterflies, barnacles and strangers, each with its strategy.
 */
package org.rapport.analytics.groups;
