package org.rapport.cli.command;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.PeriodUnit;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.pipeline.stage.ModelSelection;
import picocli.CommandLine.Option;

/** The modelling options of {@code analyze} and {@code demo}. */
public final class AnalysisOptionsMixin {
    @Option(names = "--calibration-end", paramLabel = "DATE",
            description = "Last day of the calibration period (yyyy-mm-dd); later purchases are the holdout that validates the model. Default: all data, no holdout.")
    LocalDate calibrationEnd;

    @Option(names = "--period", paramLabel = "day|week|month", defaultValue = "week",
            description = "Time unit of the models (default: ${DEFAULT-VALUE}).")
    String period;

    @Option(names = "--model", paramLabel = "auto|bgnbd|pnbd|mbgnbd", defaultValue = "auto",
            description = "Purchase model; auto fits BG/NBD, Pareto/NBD and MBG/NBD and keeps one by --select (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--select", paramLabel = "loglik|bic|mae", defaultValue = "loglik",
            description = "How --model auto chooses: loglik, the holdout log-likelihood of each customer's holdout purchases "
                    + "(BIC between indistinguishable models, and without a holdout); bic; mae, the holdout mean absolute error "
                    + "(favours models that predict fewer purchases). Default: ${DEFAULT-VALUE}.")
    String select;

    @Option(names = "--count", paramLabel = "orders|days", defaultValue = "orders",
            description = "What a repeat purchase is: orders (order ids, else distinct timestamps, at their time of day) "
                    + "or days with purchases, the papers' convention. Default: ${DEFAULT-VALUE}.")
    String count;

    @Option(names = "--horizon-days", paramLabel = "DAYS", defaultValue = "365.25",
            description = "Expected purchases are over this many days (default: ${DEFAULT-VALUE}).")
    double horizonDays;

    @Option(names = "--clv-months", paramLabel = "MONTHS", defaultValue = "36",
            description = "CLV horizon in months (default: ${DEFAULT-VALUE}).")
    int clvMonths;

    @Option(names = "--discount-rate", paramLabel = "RATE", defaultValue = "0.10",
            description = "Annual discount rate of CLV (default: ${DEFAULT-VALUE}).")
    double discountRate;

    @Option(names = "--margin", paramLabel = "RATE",
            description = "Margin rate for every customer, in (0, 1]. Default: from the products' margin_rate; revenue if none.")
    Double margin;

    @Option(names = "--covariates", paramLabel = "COLUMN,...", split = ",",
            description = "Customer columns (of the customers table, e.g. region,acquisition_channel) to refit the "
                    + "purchase model with as static covariates: categorical columns become indicators against their most "
                    + "frequent level. The report shows each effect with its standard error and the likelihood-ratio "
                    + "test against the model without them; the scores do not use them yet. A missing, empty, partly "
                    + "missing, constant or collinear column exits with code 2, naming it.")
    java.util.List<String> covariates = java.util.List.of();

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "0.95",
            description = "Confidence level of intervals (default: ${DEFAULT-VALUE}).")
    double level;

    /** @return the pipeline's options */
    AnalysisOptions toOptions() {
        return AnalysisOptions.defaults().withCalibrationEnd(calibrationEnd)
                .withUnit(PeriodUnit.valueOf(period.toUpperCase(Locale.ROOT)))
                .withModel(FitStage.PurchaseModelChoice.valueOf(model.toUpperCase(Locale.ROOT)))
                .withSelect(ModelSelection.Criterion.valueOf(select.toUpperCase(Locale.ROOT)))
                .withCount(PurchaseHistory.Counting.valueOf(count.toUpperCase(Locale.ROOT)))
                .withHorizonDays(horizonDays).withClvMonths(clvMonths).withAnnualDiscountRate(discountRate)
                .withMargin(margin).withLevel(level).withCovariates(covariates);
    }

    /**
     * @param db the database file
     * @param name a file name
     * @return the file beside the database
     */
    static Path besideDb(Path db, String name) {
        Path parent = db.toAbsolutePath().getParent();
        return parent == null ? Path.of(name) : parent.resolve(name);
    }
}
