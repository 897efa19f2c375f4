package org.rapport.cli.command;

import org.rapport.store.query.StoredResults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rapport.analytics.Analytics;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.cli.io.InputException;
import org.rapport.cli.io.JsonTable;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The shared behaviour of the analytics commands ({@code equity}, {@code groups}, {@code wallet},
 * {@code brands}, {@code moments}, {@code feedback}): print the stored result of the latest analysis run,
 * computing and storing it first when there is none for that run (or with {@code --refresh}, or when an
 * option changes the result). No scored run is bad input (exit 2) with the message "no scores yet: run
 * rapport analyze first".
 */
abstract class AnalyticsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--format", paramLabel = "json|table", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}); json prints the stored document.")
    String format;

    @Option(names = "--refresh", description = "Recompute even if a result of the latest run is stored.")
    boolean refresh;

    /** @return the analysis name, one of {@link Analytics#NAMES} */
    abstract String analysis();

    /** @return the options, from the defaults and the command's own options */
    AnalyticsOptions options() {
        return AnalyticsOptions.defaults();
    }

    /** @return true when the command's options change the result, so a stored one cannot be used */
    boolean optionsChangeResult() {
        return false;
    }

    /** Work to do before computing (e.g. the wallet before the groups). */
    void before(RapportStore s, AnalyticsOptions o) {
    }

    @Override
    public Integer call() {
        if (!"json".equals(format) && !"table".equals(format)) {
            throw new IllegalArgumentException("--format must be json or table, not '" + format + "'");
        }
        try (RapportStore s = store.openExisting()) {
            RunContext run = RunContext.latest(s).orElseThrow(() -> new InputException(store.db(), RunContext.NO_SCORES));
            Optional<String> stored = refresh || optionsChangeResult() ? Optional.empty()
                    : StoredResults.jsonOfRun(s, analysis(), run.runId());
            String json = stored.orElseGet(() -> {
                AnalyticsOptions o = options();
                before(s, o);
                Analytics.runOne(s, analysis(), o);
                return StoredResults.latestJson(s, analysis()).orElseThrow();
            });
            PrintWriter out = spec.commandLine().getOut();
            if ("json".equals(format)) {
                out.println(json);
                out.flush();
            } else {
                try {
                    JsonNode node = JSON.readTree(json);
                    JsonTable.print(node, out);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("the stored " + analysis() + " result is not JSON: " + e.getOriginalMessage(), e);
                }
            }
        }
        return 0;
    }
}
