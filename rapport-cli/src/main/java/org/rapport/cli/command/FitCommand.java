package org.rapport.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.cli.io.FitDatasets;
import org.rapport.model.btyd.BgBb;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.retention.ShiftedBetaGeometric;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.interval.Estimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rapport fit}: fits one model to a file of sufficient statistics and prints the result. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit a CLV model by maximum likelihood to a CSV file of sufficient statistics.",
            "Columns (header row, extra columns ignored):",
            "  bgnbd, pnbd, mbgnbd: x, t_x, T (or frequency, recency, T); optional count",
            "  bgbb: x, t_x, n (or frequency, recency, periods); optional count (or weights)",
            "  gg: x (or frequency), m (or monetary_value); rows with x = 0 are skipped",
            "  sbg: alive (customers active at the start of period 0, 1, 2, ...)"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:fitted", "2:bad input (FILE:LINE names the field)", "3:the model cannot be fitted to the data"})
public final class FitCommand implements Callable<Integer> {
    /** The models {@code fit} knows. */
    public enum ModelName {
        bgnbd, pnbd, mbgnbd, bgbb, gg, sbg
    }

    /** Output formats. */
    public enum Format {
        json, table
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, description = "One of: ${COMPLETION-CANDIDATES}.")
    private ModelName model;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "The input CSV file.")
    private Path input;

    @Option(names = "--format", defaultValue = "table", description = "json or table (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--level", defaultValue = "0.95", description = "Confidence level of the parameter intervals (default: ${DEFAULT-VALUE}).")
    private double level;

    @Override
    public Integer call() throws Exception {
        FitResult<?> fit = fit(model, input);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(fit, level)));
        } else {
            printTable(out, fit, level);
        }
        out.flush();
        return 0;
    }

    /**
     * Reads the input of a model and fits it.
     *
     * @param model the model
     * @param input the CSV file
     * @return the fit
     */
    static FitResult<?> fit(ModelName model, Path input) {
        MaximumLikelihood ml = MaximumLikelihood.withDefaults();
        return switch (model) {
            case bgnbd -> ml.fit(BgNbd.FAMILY, FitDatasets.rfm(input));
            case pnbd -> ml.fit(ParetoNbd.FAMILY, FitDatasets.rfm(input));
            case mbgnbd -> ml.fit(MbgNbd.FAMILY, FitDatasets.rfm(input));
            case bgbb -> ml.fit(BgBb.FAMILY, FitDatasets.discrete(input));
            case gg -> ml.fit(GammaGamma.FAMILY, FitDatasets.spend(input));
            case sbg -> ml.fit(ShiftedBetaGeometric.FAMILY, FitDatasets.retention(input));
        };
    }

    /**
     * The JSON document of the command's contract.
     *
     * @param fit the fit
     * @param level the interval level
     * @return ordered map for Jackson
     */
    static Map<String, Object> toJson(FitResult<?> fit, double level) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", fit.modelName());
        m.put("params", fit.parameterMap());
        m.put("stdErrors", fit.standardErrorMap());
        Map<String, Object> intervals = new LinkedHashMap<>();
        for (String p : fit.parameterNames()) {
            Estimate e = fit.interval(p, level);
            intervals.put(p, Map.of("lower", e.lower(), "upper", e.upper()));
        }
        m.put("intervals", intervals);
        m.put("level", level);
        m.put("logLikelihood", fit.logLikelihood());
        m.put("aic", fit.aic());
        m.put("bic", fit.bic());
        m.put("n", fit.observations() == Math.rint(fit.observations()) ? (Object) (long) fit.observations() : fit.observations());
        m.put("distinctRows", fit.distinctRows());
        m.put("converged", fit.converged());
        m.put("iterations", fit.iterations());
        m.put("fitMillis", fit.fitMillis());
        return m;
    }

    private static void printTable(PrintWriter out, FitResult<?> fit, double level) {
        out.printf(Locale.ROOT, "model %s: %s customers, %d distinct rows, %s after %d iterations (%d ms)%n",
                fit.modelName(), FitDatasetsFormat.count(fit.observations()), fit.distinctRows(),
                fit.converged() ? "converged" : "NOT CONVERGED", fit.iterations(), fit.fitMillis());
        out.printf(Locale.ROOT, "%-10s %12s %12s %12s %12s%n", "parameter", "estimate", "std.error",
                String.format(Locale.ROOT, "%.0f%% lower", level * 100), "upper");
        for (String p : fit.parameterNames()) {
            Estimate e = fit.interval(p, level);
            out.printf(Locale.ROOT, "%-10s %12.6f %12.6f %12.6f %12.6f%n", p, e.value(), fit.standardError(p),
                    e.lower(), e.upper());
        }
        out.printf(Locale.ROOT, "log-likelihood %.4f   AIC %.2f   BIC %.2f%n", fit.logLikelihood(), fit.aic(), fit.bic());
    }

    /** Formatting of customer counts, which are sums of weights. */
    private static final class FitDatasetsFormat {
        static String count(double n) {
            return n == Math.rint(n) ? String.format(Locale.ROOT, "%,d", (long) n) : String.format(Locale.ROOT, "%.1f", n);
        }
    }
}
