package org.rapport.cli.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rapport.model.data.RetentionSeries;
import org.rapport.model.data.RfmTable;
import org.rapport.model.data.SpendTable;

/**
 * Reads each model's input file of {@code rapport fit} into the model library's data types.
 * Column names follow the command's contract (see the README), with {@code lifetimes}' names accepted.
 */
public final class FitDatasets {
    private FitDatasets() {
    }

    /**
     * Continuous-time purchase data: columns {@code x, t_x, T} (or {@code frequency, recency, T}) and an
     * optional {@code count} (or {@code weights}) of customers per row.
     *
     * @param file the CSV file
     * @return the compressed table
     */
    public static RfmTable rfm(Path file) {
        return rfm(file, "T", "T");
    }

    /**
     * Discrete-time (BG/BB) data: columns {@code x, t_x, n} (or {@code frequency, recency, periods}) and
     * an optional {@code count} (or {@code weights}).
     *
     * @param file the CSV file
     * @return the compressed table with T = n
     */
    public static RfmTable discrete(Path file) {
        return rfm(file, "n", "periods");
    }

    private static RfmTable rfm(Path file, String tName, String tAlias) {
        try (FitInput in = FitInput.open(file)) {
            FitInput.Column x = in.column(true, "x", "frequency");
            FitInput.Column tx = in.column(true, "t_x", "recency");
            FitInput.Column t = in.column(true, tName, tAlias);
            FitInput.Column w = in.column(false, "count", "weights", "weight");
            boolean discrete = !"T".equals(tName);
            RfmTable.Builder b = RfmTable.builder();
            for (FitInput.Row row : in.rows()) {
                double xv = row.count(x);
                double txv = discrete ? row.count(tx) : row.nonNegative(tx);
                double tv = discrete ? row.count(t) : row.nonNegative(t);
                double wv = w == null ? 1 : row.nonNegative(w);
                if (txv > tv) {
                    throw row.error(tx, FitInput.fmt(txv) + " is greater than " + t.name() + " = " + FitInput.fmt(tv));
                }
                if (xv == 0 && txv != 0) {
                    throw row.error(tx, FitInput.fmt(txv) + " must be 0 when " + x.name() + " = 0");
                }
                if (discrete && xv > txv) {
                    throw row.error(x, FitInput.fmt(xv) + " is greater than " + tx.name() + " = " + FitInput.fmt(txv)
                            + ": at most one transaction per opportunity");
                }
                if (xv > 0 && txv == 0 && !discrete) {
                    throw row.error(tx, "is 0 but " + x.name() + " = " + FitInput.fmt(xv)
                            + ": a repeat purchase must come after the first");
                }
                b.accept(xv, txv, tv, wv);
            }
            if (b.size() == 0) {
                throw new InputException(file, "no data rows after the header");
            }
            return b.build();
        }
    }

    /**
     * Contractual retention data: one column {@code alive}, the customers still active at the start of
     * period 0, 1, 2, ... in file order (a non-increasing series).
     *
     * @param file the CSV file
     * @return the series
     */
    public static RetentionSeries retention(Path file) {
        try (FitInput in = FitInput.open(file)) {
            FitInput.Column alive = in.column(true, "alive", "active");
            List<Double> values = new ArrayList<>();
            for (FitInput.Row row : in.rows()) {
                double v = row.nonNegative(alive);
                if (values.isEmpty() && v == 0) {
                    throw row.error(alive, "is 0: the cohort at period 0 must have customers");
                }
                if (!values.isEmpty() && v > values.get(values.size() - 1)) {
                    throw row.error(alive, FitInput.fmt(v) + " is greater than the period before ("
                            + FitInput.fmt(values.get(values.size() - 1)) + "): customers cannot come back");
                }
                values.add(v);
            }
            if (values.isEmpty()) {
                throw new InputException(file, "no data rows after the header");
            }
            return RetentionSeries.of(values.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * Spend data for Gamma-Gamma: columns {@code x} (or {@code frequency}) and {@code m} (or
     * {@code monetary_value}), the mean spend of the x repeat purchases; rows with x = 0 are skipped.
     *
     * @param file the CSV file
     * @return the compressed table
     */
    public static SpendTable spend(Path file) {
        try (FitInput in = FitInput.open(file)) {
            FitInput.Column x = in.column(true, "x", "frequency");
            FitInput.Column m = in.column(true, "m", "monetary_value", "zbar");
            SpendTable.Builder b = SpendTable.builder();
            boolean rows = false;
            for (FitInput.Row row : in.rows()) {
                rows = true;
                double xv = row.count(x);
                if (xv == 0) {
                    continue;
                }
                double mv = row.number(m);
                if (!(mv > 0)) {
                    throw row.error(m, FitInput.fmt(mv) + " is not greater than 0: mean spend per purchase must be positive");
                }
                b.accept(xv, mv);
            }
            if (!rows) {
                throw new InputException(file, "no data rows after the header");
            }
            return b.build();
        }
    }
}
