package org.rapport.spark;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.rapport.pipeline.AnalysisOptions;

/** The run's summary as one JSON document ({@code OUT/analysis.json}), written through Hadoop's file system. */
final class AnalysisJson {
    private AnalysisJson() {
    }

    static Map<String, Object> document(SparkAnalysis.Result r, SparkOptions o) {
        AnalysisOptions a = o.analysis();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("input", o.input());
        doc.put("format", o.format());
        doc.put("rowsRead", r.rowsRead());
        doc.put("rowsRejected", r.rowsRejected());
        doc.put("firstPurchase", r.firstDay().toString());
        doc.put("lastPurchase", r.lastDay().toString());
        doc.put("calibrationEnd", r.calibrationEnd().toString());
        doc.put("periodUnit", a.unit().name().toLowerCase(java.util.Locale.ROOT));
        doc.put("customers", r.customers());
        doc.put("lateCustomers", r.lateCustomers());
        doc.put("calibrationDistinctRows", r.fits().calibrationFit().distinctRows());
        doc.put("finalDistinctRows", r.fits().finalFit().distinctRows());
        doc.put("spendDistinctRows", r.summary().spend().size());
        doc.put("validationGroups", r.summary().calibration().size());
        doc.put("partitions", r.partitions());
        doc.put("purchaseModel", r.fits().finalFit().modelName());
        doc.put("purchaseParams", r.fits().finalFit().parameterMap());
        doc.put("calibrationParams", r.fits().calibrationFit().parameterMap());
        doc.put("spendParams", r.fits().spendFit() == null ? null : r.fits().spendFit().parameterMap());
        doc.put("spendProblem", r.fits().spendProblem());
        doc.put("candidates", r.fits().candidates());
        if (r.fits().validation() != null) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("mae", r.fits().validation().mae());
            v.put("rmse", r.fits().validation().rmse());
            v.put("bias", r.fits().validation().bias());
            v.put("aggregateError", r.fits().validation().aggregateError());
            v.put("buckets", r.fits().validation().buckets());
            doc.put("validation", v);
        }
        doc.put("marginRate", a.margin() == null ? (o.products() == null ? 1.0 : null) : a.margin());
        doc.put("margin", r.marginSource());
        doc.put("equity", r.equity());
        doc.put("stageSeconds", r.stageSeconds());
        Map<String, Object> shuffle = new LinkedHashMap<>();
        r.shuffle().forEach((k, v) -> shuffle.put(k, Map.of("bytes", v[0], "records", v[1])));
        doc.put("shuffleWritten", shuffle);
        return doc;
    }

    static void write(SparkSession spark, SparkAnalysis.Result r, SparkOptions o, String path) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream os = fs.create(p, true)) {
                json.writeValue(os, document(r, o));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
