/**
 * The model library: buy-till-you-die, spend and retention models, their maximum-likelihood fits and CLV, as pure math over Commons Numbers and Statistics (docs/models). {@link org.rapport.model.ModelException} carries the message templates of data a model cannot fit.
 */
package org.rapport.model;
