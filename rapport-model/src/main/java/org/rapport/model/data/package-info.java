/**
 * The models' data: {@code PurchaseHistory}, the one mergeable summariser from transactions to (x, t_x, T); compressed sufficient statistics ({@code RfmTable}, {@code SpendTable}, {@code RetentionSeries}) with counts for distinct rows.
 */
package org.rapport.model.data;
