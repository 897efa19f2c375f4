/**
 * Special functions the models need and the libraries lack: the Gauss hypergeometric function 2F1 (series with transformations for each region) and differences of log-gamma values.
 */
package org.rapport.model.special;
