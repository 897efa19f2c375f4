package org.rapport.pipeline.validate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.stage.CalibrationData;

/**
 * Checks a fitted purchase model against what really happened in the holdout period, the way
 * Fader, Hardie &amp; Lee (2005) do for CDNOW:
 * <ul>
 * <li>conditional expectations: mean holdout purchases by calibration frequency x = 0..6 and 7+,
 *     actual vs E[Y(t*) | x, t_x, T] (their figure 4);</li>
 * <li>tracking: cumulative repeat transactions per period, actual vs
 *     &Sigma;<sub>cohorts</sub> n<sub>s</sub> E[X(t - s)] over first-purchase days s (their figure 2);</li>
 * <li>per-customer errors of the holdout prediction: MAE, RMSE, bias, and the aggregate error
 *     (&Sigma; predicted - &Sigma; actual) / &Sigma; actual.</li>
 * </ul>
 */
public final class HoldoutValidator {
    /** The calibration frequencies shown separately; higher ones go to the last bucket "7+". */
    public static final int BUCKETS = 7;

    private HoldoutValidator() {
    }

    /**
     * Per-customer holdout predictions E[Y(t*) | x, t_x, T], computed once per distinct (x, t_x, T).
     *
     * @param data the calibration data
     * @param model the fitted model
     * @return one prediction per customer
     */
    public static double[] predictHoldout(CalibrationData data, PurchaseModel model) {
        double t = data.window().holdoutLength();
        Map<Key, Double> memo = new HashMap<>();
        double[] out = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            Key k = new Key(data.x(i), data.tx(i), data.bigT(i));
            out[i] = memo.computeIfAbsent(k, kk -> model.conditionalExpectedPurchases(t, kk.x, kk.tx, kk.bigT));
        }
        return out;
    }

    /**
     * @param data the calibration data, with holdout counts
     * @param model the fitted model
     * @return the validation, or {@code null} if the window has no holdout period
     */
    public static ReportData.Validation validate(CalibrationData data, PurchaseModel model) {
        if (data.window().holdoutEnd() == data.window().calibrationEnd()) {
            return null;
        }
        return validate(data, model, predictHoldout(data, model));
    }

    /**
     * @param data the calibration data, with holdout counts
     * @param model the fitted model
     * @param predicted per-customer holdout predictions from {@link #predictHoldout}
     * @return the validation
     */
    public static ReportData.Validation validate(CalibrationData data, PurchaseModel model, double[] predicted) {
        double[] count = new double[BUCKETS + 1];
        double[] actualSum = new double[BUCKETS + 1];
        double[] predictedSum = new double[BUCKETS + 1];
        double abs = 0;
        double sq = 0;
        double diff = 0;
        double totalActual = 0;
        for (int i = 0; i < data.size(); i++) {
            int b = (int) Math.min(data.x(i), BUCKETS);
            double a = data.holdout(i);
            double p = predicted[i];
            double w = data.weight(i);
            count[b] += w;
            actualSum[b] += w * a;
            predictedSum[b] += w * p;
            abs += w * Math.abs(p - a);
            sq += w * (p - a) * (p - a);
            diff += w * (p - a);
            totalActual += w * a;
        }
        double n = data.customers();
        List<ReportData.Bucket> buckets = new ArrayList<>();
        for (int b = 0; b <= BUCKETS; b++) {
            if (count[b] > 0) {
                buckets.add(new ReportData.Bucket(b == BUCKETS ? BUCKETS + "+" : Integer.toString(b), (long) count[b],
                        actualSum[b] / count[b], predictedSum[b] / count[b]));
            }
        }
        return new ReportData.Validation(LocalDate.ofEpochDay(data.window().calibrationEnd()),
                LocalDate.ofEpochDay(data.window().holdoutEnd()), buckets, tracking(data, model),
                abs / n, Math.sqrt(sq / n), diff / n, totalActual == 0 ? Double.NaN : diff / totalActual);
    }

    /** Cumulative repeat transactions at the end of each period from the first birth to the holdout end. */
    static List<ReportData.TrackingPoint> tracking(CalibrationData data, PurchaseModel model) {
        List<ReportData.TrackingPoint> points = new ArrayList<>();
        if (data.births().isEmpty()) {
            return points;
        }
        long start = data.births().firstKey();
        double unit = data.window().periodDays();
        long end = data.window().holdoutEnd();
        Map.Entry<Long, long[]>[] repeats = toArray(data.repeatsByDay());
        int r = 0;
        double actual = 0;
        for (int period = 1; ; period++) {
            long day = start + (long) Math.ceil(period * unit) - 1;
            boolean last = day >= end;
            if (last) {
                day = end;
            }
            while (r < repeats.length && repeats[r].getKey() <= day) {
                actual += repeats[r].getValue()[0];
                r++;
            }
            double predicted = 0;
            for (Map.Entry<Long, long[]> b : data.births().headMap(day, true).entrySet()) {
                predicted += b.getValue()[0] * model.expectedPurchases((day - b.getKey()) / unit);
            }
            points.add(new ReportData.TrackingPoint(period, LocalDate.ofEpochDay(day), actual, predicted));
            if (last) {
                return points;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<Long, long[]>[] toArray(Map<Long, long[]> m) {
        return m.entrySet().toArray(new Map.Entry[0]);
    }

    private record Key(double x, double tx, double bigT) {
    }
}
