/**
 * Estimates with intervals and the methods that give them (delta method, parametric bootstrap).
 */
package org.rapport.model.interval;
