/**
 * The HTML report: {@link org.rapport.pipeline.report.ReportData} (plain values the pipeline fills
 * from the store) rendered by {@link org.rapport.pipeline.report.HtmlReport} into one file that works
 * offline.
 *
 * <p>What is in the file: inline CSS (system fonts), the report's sections as HTML with every data
 * text escaped, the data as JSON in a {@code <script type="application/json">} block, Apache ECharts
 * 5.3.1 inlined from the {@code org.webjars.npm:echarts} WebJar, and a small chart script that reads
 * the JSON and draws SVG charts. A Content-Security-Policy meta tag allows no network source and only
 * those two scripts, by hash. The charts follow
 * <ul>
 *   <li>Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "'Counting Your Customers' the Easy Way:
 *       An Alternative to the Pareto/NBD Model", <i>Marketing Science</i> 24(2), 275&ndash;284,
 *       doi:10.1287/mksc.1040.0098: figure 2 (tracking of cumulative repeat transactions, with the
 *       end of calibration marked) and figure 4 (conditional expectations of holdout purchases by
 *       calibration frequency).</li>
 * </ul>
 *
 * <p>What the caller controls: everything shown comes from {@code ReportData}, including the interval
 * level, the histogram bins and how many top customers are listed. The renderer only formats
 * ({@link java.util.Locale#ROOT}: {@code 1,234.56}; NaN as an en dash).
 */
package org.rapport.pipeline.report;
