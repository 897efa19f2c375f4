package org.rapport.cli.command;

import org.rapport.store.query.Runs;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rapport.cli.io.ConsoleProgress;
import org.rapport.offers.ContactPolicy;
import org.rapport.offers.Offer;
import org.rapport.offers.OfferConfig;
import org.rapport.offers.OfferEngine;
import org.rapport.offers.OfferEvaluation;
import org.rapport.offers.OfferException;
import org.rapport.offers.OfferScoring;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rapport offers}: next best offers (docs/offers.md). */
@Command(name = "offers", mixinStandardHelpOptions = true, description = "Next best offers: score, look up, back-test, record responses.",
        subcommands = {OffersCommand.Score.class, OffersCommand.For.class, OffersCommand.Evaluate.class, OffersCommand.Respond.class})
public final class OffersCommand {
    /** A subcommand on the store's offer engine: the store and the engine's options. */
    abstract static class EngineCommand extends StoreCommand {
        @Mixin
        EngineOptions engine;
    }

    /** Output formats. */
    public enum Format {
        json, table
    }

    /** The options shared by the engine's commands. */
    static final class EngineOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file overriding the defaults (docs/offers.md).")
        Path config;

        OfferConfig config() {
            return config == null ? OfferConfig.defaults() : OfferConfig.load(config);
        }
    }

    /** {@code rapport offers score}. */
    @Command(name = "score", mixinStandardHelpOptions = true, description = "Top-K offers for every customer into customer_offers.")
    static final class Score extends EngineCommand {
        @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "Offers per customer (default: ${DEFAULT-VALUE}).")
        int top;

        @Override
        public Integer call() {
            try (RapportStore s = store.openExisting()) {
                ConsoleProgress progress = ConsoleProgress.forCommand(spec);
                long t0 = System.nanoTime();
                OfferEngine e = OfferEngine.load(s, null, engine.config(), LocalDate.now());
                double load = (System.nanoTime() - t0) / 1e9;
                OfferScoring.Summary sum = OfferScoring.run(s, e, top, progress);
                spec.commandLine().getOut().printf(Locale.ROOT, "%,d offers for %,d customers (%,d with offers) in customer_offers; "
                        + "load and mining %.1f s, scoring and writing %.1f s%n", sum.offers(), sum.customers(), sum.customersWithOffers(), load, sum.seconds());
            }
            return 0;
        }
    }

    /** {@code rapport offers for CUSTOMER_ID}. */
    @Command(name = "for", mixinStandardHelpOptions = true, description = "One customer's offers with reasons.")
    static final class For extends EngineCommand {
        @Parameters(index = "0", paramLabel = "CUSTOMER_ID", description = "The customer.")
        String customer;
        @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "Offers (default: ${DEFAULT-VALUE}).")
        int top;
        @Option(names = "--format", defaultValue = "table", description = "json or table (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        public Integer call() throws Exception {
            List<Offer> offers;
            try (RapportStore s = store.openExisting()) {
                OfferEngine e = OfferEngine.load(s, null, engine.config(), LocalDate.now());
                offers = e.offersFor(customer, top);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                        java.util.Map.of("customerId", customer, "offers", offers)));
            } else if (offers.isEmpty()) {
                out.println("no offer for customer " + customer + " (no eligible candidate, no consent, or the contact policy's limit)");
            } else {
                out.printf(Locale.ROOT, "%-4s %-28s %-18s %10s %10s %10s  %s%n", "rank", "offer", "source", "score", "propensity", "value", "reason");
                int r = 1;
                for (Offer o : offers) {
                    out.printf(Locale.ROOT, "%-4d %-28s %-18s %10.3f %10.3f %10.2f  %s%n", r++, o.offerId(), o.source(), o.score(), o.propensity(),
                            o.value(), o.reason());
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code rapport offers evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Back-test on the holdout: hit rate@K and precision@K vs the most popular products.")
    static final class Evaluate extends EngineCommand {
        @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Offers per customer (default: ${DEFAULT-VALUE}).")
        int top;
        @Option(names = "--calibration-end", paramLabel = "DATE", description = "Last day the engine sees (default: the latest analysis run's calibration end).")
        LocalDate calibrationEnd;
        @Option(names = "--format", defaultValue = "table", description = "json or table (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        public Integer call() throws Exception {
            try (RapportStore s = store.openExisting()) {
                Long runId = Results.latestRunId(s).orElse(null);
                LocalDate end = calibrationEnd;
                if (end == null) {
                    end = Runs.latest(s).map(Runs.StoredRun::calibrationEnd)
                            .orElseThrow(() -> new OfferException(OfferException.NO_CALIBRATION_END));
                }
                ConsoleProgress progress = ConsoleProgress.forCommand(spec);
                OfferEvaluation e = OfferEvaluation.run(s, end, top, engine.config(), progress);
                Results.save(s, "offers-evaluation", runId, e);
                PrintWriter out = spec.commandLine().getOut();
                if (format == Format.json) {
                    out.println(Results.latestJson(s, "offers-evaluation").orElseThrow());
                } else {
                    out.printf(Locale.ROOT, "back-test: engine mined on data up to %s, %,d customers buy in the holdout (to %s)%n", e.calibrationEnd(),
                            e.holdoutBuyers(), e.holdoutEnd());
                    out.printf(Locale.ROOT, "%-44s %12s %14s%n", "top-" + e.k() + " offers", "hit rate@" + e.k(), "precision@" + e.k());
                    out.printf(Locale.ROOT, "%-44s %12.3f %14.3f%n", "ours: the stored list (expected value)", e.hitRateAtK(), e.precisionAtK());
                    out.printf(Locale.ROOT, "%-44s %12.3f%n", "diagnostic: ranked by propensity alone", e.propensityHitRateAtK());
                    out.printf(Locale.ROOT, "%-44s %12.3f %14.3f%n", "baseline: the " + e.k() + " most popular products", e.baselineHitRateAtK(),
                            e.baselinePrecisionAtK());
                    out.printf(Locale.ROOT, "%-44s %12.3f%n", "most popular not owned", e.popularNotOwnedHitRateAtK());
                    out.printf(Locale.ROOT, "baseline products: %s%n", String.join(", ", e.baselineProducts()));
                    out.printf(Locale.ROOT, "lift over the baseline %.2f; margin taken per holdout buyer: %.2f (stored list), %.2f (baseline)%n",
                            e.liftOverBaseline(), e.marginPerCustomer(), e.baselineMarginPerCustomer());
                    out.printf(Locale.ROOT, "calibration over %d days, %,d buyers: expected calibration error %.3f (raw propensities %.3f)%n",
                            e.horizonDays(), e.horizonBuyers(), e.ece(), e.rawEce());
                    out.printf(Locale.ROOT, "%-22s %10s %10s %10s%n", "propensity (decile)", "offers", "predicted", "taken");
                    for (org.rapport.offers.Reliability.Row r : e.reliability()) {
                        out.printf(Locale.ROOT, "%.3f-%.3f %10s %,10d %10.3f %10.3f%n", r.from(), r.to(), "", r.offers(), r.predicted(), r.realised());
                    }
                }
                out.flush();
            }
            return 0;
        }
    }

    /** {@code rapport offers respond CUSTOMER_ID OFFER_ID accepted|rejected|ignored}. */
    @Command(name = "respond", mixinStandardHelpOptions = true,
            description = "Record a customer's response to an offer sent: the cool-down and the next scoring's propensities learn from it.")
    static final class Respond implements Callable<Integer> {
        /** Responses. */
        enum Response {
            accepted, rejected, ignored
        }

        @Spec
        CommandSpec spec;
        @Mixin
        StoreOption store;
        @Parameters(index = "0", paramLabel = "CUSTOMER_ID")
        String customer;
        @Parameters(index = "1", paramLabel = "OFFER_ID")
        String offer;
        @Parameters(index = "2", paramLabel = "RESPONSE", description = "accepted, rejected (starts the cool-down) or ignored (not taken)")
        Response response;

        @Override
        public Integer call() {
            try (RapportStore s = store.openExisting()) {
                if (!ContactPolicy.recordResponse(s, customer, offer, response.name(), java.time.LocalDateTime.now())) {
                    throw new IllegalArgumentException("no offer '" + offer + "' was sent to customer " + customer + " (see offer_history)");
                }
            }
            spec.commandLine().getOut().println("recorded: customer " + customer + " " + response + " " + offer);
            return 0;
        }
    }
}
