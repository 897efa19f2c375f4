/**
 * Rapport on Spark: the pipeline's stages on Apache Spark for customer bases that outgrow one machine.
 *
 * <p>{@link org.rapport.spark.SparkAnalysis#run} is the job: {@link org.rapport.spark.TransactionsReader}
 * reads and checks the lines (rejects with reasons), Spark SQL nets returns into orders as the store's
 * views do, {@link org.rapport.spark.HistoryAggregator} summarises each customer with
 * {@link org.rapport.model.data.PurchaseHistory} (the single-machine summariser), the compressed tables go
 * to the pipeline's {@link org.rapport.pipeline.stage.FitStage} on the driver, and
 * {@link org.rapport.spark.ScorePartition} scores the customers on the executors with the fits shipped as
 * {@link org.rapport.spark.FitSnapshot}s. {@link org.rapport.spark.EquityStage} aggregates the scores.
 * {@link org.rapport.spark.SparkAnalyze} is the command line ({@code spark-submit} or
 * {@code bin/rapport spark analyze}). Dates are taken in the session time zone: the command line sets
 * UTC; callers of {@code run} with their own session should too. Scaling: docs/scaling.md.
 */
package org.rapport.spark;
