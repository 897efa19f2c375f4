/**
 * Rapport on Spark: the pipeline's stages on Apache Spark for customer bases that outgrow one machine.
 */
package org.rapport.spark;
