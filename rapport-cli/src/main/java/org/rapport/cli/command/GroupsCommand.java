package org.rapport.cli.command;

import org.rapport.store.query.StoredResults;
import org.rapport.analytics.Analytics;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rapport groups}: Reinartz &amp; Kumar relationship groups of the latest run. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        header = "Relationship groups (true friends, butterflies, barnacles, strangers) with strategies.",
        description = {"Relationship groups (Reinartz & Kumar): CLV x projected loyalty -> true friends, butterflies,",
            "barnacles (upsell or cut cost by share of wallet) and strangers, with the strategy for each.",
            "Loyalty is the projected relationship length (months left within the CLV horizon). Thresholds default",
            "to the mean CLV and a third of the horizon; setting one recomputes and stores the groups."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:no scores yet (run rapport analyze first), or a bad option"})
public final class GroupsCommand extends AnalyticsCommand {
    @Option(names = "--clv-threshold", paramLabel = "MONEY", description = "CLV above which a customer is high value (default: the mean CLV).")
    Double clvThreshold;

    @Option(names = "--loyalty-threshold", paramLabel = "MONTHS",
            description = "Projected months of relationship above which a customer is loyal (default: a third of the CLV horizon).")
    Double loyaltyThreshold;

    @Option(names = "--upsell-headroom", paramLabel = "MONEY",
            description = "Barnacles with more wallet headroom than this are up-sell candidates, the others cut-cost (default: the median headroom).")
    Double upsellHeadroom;

    @Override
    String analysis() {
        return "groups";
    }

    @Override
    AnalyticsOptions options() {
        return AnalyticsOptions.defaults().withClvThreshold(clvThreshold).withLoyaltyThreshold(loyaltyThreshold)
                .withUpsellHeadroomThreshold(upsellHeadroom);
    }

    @Override
    boolean optionsChangeResult() {
        return clvThreshold != null || loyaltyThreshold != null || upsellHeadroom != null;
    }

    @Override
    void before(RapportStore s, AnalyticsOptions o) {
        long run = RunContext.require(s).runId();
        boolean wallet = StoredResults.jsonOfRun(s, "wallet", run).isPresent();
        if (!wallet) {
            Analytics.runOne(s, "wallet", o);
        }
    }
}
