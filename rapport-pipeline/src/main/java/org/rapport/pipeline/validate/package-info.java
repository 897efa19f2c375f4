/**
 * Holdout validation: the fitted model's predictions against what customers did after the calibration end (tracking, conditional expectations, errors).
 */
package org.rapport.pipeline.validate;
