package org.rapport.cli.command;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import org.rapport.offers.CampaignExport;
import org.rapport.offers.CampaignResults;
import org.rapport.offers.OfferConfig;
import org.rapport.store.RapportStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rapport campaign}: coupon lists from the stored offers. */
@Command(name = "campaign", mixinStandardHelpOptions = true, description = "Campaigns from the stored offers.",
        subcommands = {CampaignCommand.Export.class, CampaignCommand.Results.class, CampaignCommand.Simulate.class})
public final class CampaignCommand {
    /** Channels on the command line. */
    enum Channel {
        mail, email
    }

    /** Exactly one selection. */
    static final class Selection {
        @Option(names = "--offer", paramLabel = "ID", required = true, description = "Customers who have this offer among their offers.")
        String offer;
        @Option(names = "--segment", paramLabel = "NAME", required = true, description = "Customers of this segment, with their best offer.")
        String segment;
    }

    /** {@code rapport campaign export}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a tailored coupon list (customer, contact fields, offer, coupon code, reason) and record the contacts.")
    static final class Export extends StoreCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection selection;
        @Option(names = "--channel", required = true, description = "mail or email.")
        Channel channel;
        @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "The CSV file to write.")
        Path out;
        @Option(names = "--campaign", paramLabel = "NAME", description = "Campaign name, the coupon key (default: offer-ID|segment-NAME-CHANNEL-DATE).")
        String campaign;
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file overriding the defaults (contact policy).")
        Path config;
        @Option(names = "--control-share", paramLabel = "SHARE",
                description = "Share of the eligible customers drawn into the control group, 0 to 0.9 (default: control-share, 0.1).")
        String controlShare;
        @Option(names = "--seed", paramLabel = "N", description = "Seed of the control group's draw (default: from the campaign name).")
        Long seed;
        @Option(names = "--min-p-alive", paramLabel = "P", defaultValue = "0.5",
                description = "Leave out customers whose P(alive) is below P, 0 to 1 (default 0.5; 0 keeps everybody).")
        double minPAlive;
        @Option(names = "--challenger", paramLabel = "FILE",
                description = "Properties file of a challenger policy: part of the treated customers get its best offer instead.")
        Path challenger;
        @Option(names = "--challenger-share", paramLabel = "SHARE", defaultValue = "0.5",
                description = "Share of the treated customers given the challenger's offer, in (0, 1) (default 0.5).")
        double challengerShare;
        @Option(names = "--today", paramLabel = "DATE", description = "The day of the contacts, YYYY-MM-DD (default: today).")
        LocalDate today;
        @Option(names = "--no-uplift-filter", description = "Also contact customers for whom the uplift model of past campaigns predicts a negative uplift.")
        boolean noUpliftFilter;

        @Override
        public Integer call() throws Exception {
            Double share = controlShare == null ? null : OfferConfig.controlShare(controlShare);
            try (RapportStore s = store.openExisting()) {
                CampaignExport.Summary sum = CampaignExport.run(s, selection.offer, selection.segment,
                        channel == Channel.email ? CampaignExport.Channel.EMAIL : CampaignExport.Channel.MAIL, campaign, out,
                        config == null ? OfferConfig.defaults() : OfferConfig.load(config), today == null ? LocalDate.now() : today, share, seed,
                        new CampaignExport.Selection(minPAlive, !noUpliftFilter),
                        challenger == null ? null : new CampaignExport.Challenger(OfferConfig.load(challenger), challengerShare));
                spec.commandLine().getOut().printf(Locale.ROOT, "campaign %s: %,d coupons written to %s, %,d customers held out as the control group; "
                        + "skipped %,d without %s, %,d by consent or the contact policy, %,d with P(alive) under %s, %,d predicted "
                        + "do-not-disturb%n", sum.campaign(), sum.rows(), out, sum.control(),
                        sum.skippedNoContact(), channel == Channel.email ? "an email" : "a region or phone", sum.skippedPolicy(),
                        sum.skippedGone(), minPAlive, sum.skippedDoNotDisturb());
            }
            return 0;
        }
    }

    /** Output formats. */
    enum Format {
        table, json
    }

    /** {@code rapport campaign results CAMPAIGN}. */
    @Command(name = "results", mixinStandardHelpOptions = true,
            description = "Response of the treated and control customers after the send, incremental response and margin with 95%% intervals.")
    static final class Results extends StoreCommand {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "The campaign name (as exported).")
        String campaign;
        @Option(names = "--format", defaultValue = "table", description = "table or json.")
        Format format;

        @Override
        public Integer call() throws Exception {
            try (RapportStore s = store.openExisting()) {
                CampaignResults r = CampaignResults.run(s, campaign);
                PrintWriter out = spec.commandLine().getOut();
                if (format == Format.json) {
                    out.println(com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules()
                            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build().writerWithDefaultPrettyPrinter()
                            .writeValueAsString(r));
                } else {
                    print(out, r);
                }
                out.flush();
            }
            return 0;
        }

        private static void print(PrintWriter out, CampaignResults r) {
            out.printf(Locale.ROOT, "campaign %s, sent %s: purchases of the offered product after the send%n", r.campaign(), r.sent());
            out.printf(Locale.ROOT, "%-10s %10s %10s %10s %22s %18s%n", "arm", "customers", "bought", "response", "95% interval", "margin/customer");
            for (String[] a : new String[][] {{r.challenger() == null ? "treated" : "champion"}, {"control"}}) {
                CampaignResults.Arm x = a[0].equals("control") ? r.control() : r.treated();
                out.printf(Locale.ROOT, "%-10s %,10d %,10d %10.4f %22s %18.2f%n", a[0], x.customers(), x.responders(), x.response(),
                        interval(x.responseLow(), x.responseHigh(), "%.4f"), x.marginPerCustomer());
            }
            if (r.challenger() != null) {
                CampaignResults.Challenger c = r.challenger();
                CampaignResults.Arm x = c.arm();
                out.printf(Locale.ROOT, "%-10s %,10d %,10d %10.4f %22s %18.2f%n", "challenger", x.customers(), x.responders(), x.response(),
                        interval(x.responseLow(), x.responseHigh(), "%.4f"), x.marginPerCustomer());
                out.printf(Locale.ROOT, "challenger - champion: response %.4f %s, margin per customer %.2f %s%n", c.responseDifference(),
                        interval(c.responseDifferenceLow(), c.responseDifferenceHigh(), "%.4f"), c.marginDifference(),
                        interval(c.marginDifferenceLow(), c.marginDifferenceHigh(), "%.2f"));
            }
            out.printf(Locale.ROOT, "incremental response %.4f, 95%% interval %s%n", r.incrementalResponse(),
                    interval(r.incrementalResponseLow(), r.incrementalResponseHigh(), "%.4f"));
            out.printf(Locale.ROOT, "incremental margin %.2f per treated customer (%s), %.2f in all (%s)%n", r.incrementalMarginPerCustomer(),
                    interval(r.incrementalMarginPerCustomerLow(), r.incrementalMarginPerCustomerHigh(), "%.2f"), r.incrementalMargin(),
                    interval(r.incrementalMarginLow(), r.incrementalMarginHigh(), "%.2f"));
        }

        private static String interval(double lo, double hi, String f) {
            return Double.isNaN(lo) ? "n/a (no control)" : String.format(Locale.ROOT, "[" + f + ", " + f + "]", lo, hi);
        }
    }

    /** {@code rapport campaign simulate CAMPAIGN --world DIR}. */
    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Send a recorded campaign into the simulated world it was made from: its members buy by the planted uplift; "
                    + "their purchases are loaded and the treated members' responses recorded.")
    static final class Simulate extends StoreCommand {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "The campaign name (as exported).")
        String campaign;
        @Option(names = "--world", required = true, paramLabel = "DIR", description = "The folder rapport simulate wrote (truth_customers.csv, products.csv).")
        Path world;
        @Option(names = "--weeks", defaultValue = "4", paramLabel = "W", description = "Length of the follow-up in weeks (default 4).")
        int weeks;
        @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the follow-up (default 1).")
        long seed;
        @Option(names = "--out", paramLabel = "DIR", description = "Where to write follow_up_transactions.csv and truth_uplift.csv (default: DIR/follow-up-CAMPAIGN).")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (RapportStore s = store.openExisting()) {
                java.time.LocalDateTime sent = s.queryFirst("SELECT sent FROM campaigns WHERE campaign = ?", rs -> rs.getTimestamp(1).toLocalDateTime(),
                        campaign).orElseThrow(() -> new IllegalArgumentException("unknown campaign '" + campaign + "': no such campaign in the store"));
                LocalDate end = sent.toLocalDate().plusDays(7L * weeks);
                if (end.isAfter(LocalDate.now())) {
                    throw new IllegalArgumentException("campaign '" + campaign + "' was sent on " + sent.toLocalDate() + ": its follow-up would end on "
                            + end + ", after today; export it with --today DATE inside the simulated period");
                }
                java.util.List<org.rapport.simulator.CampaignFollowUp.Send> sends = s.query(
                        "SELECT customer_id, product_id, arm FROM campaign_members WHERE campaign = ? ORDER BY customer_id",
                        rs -> new org.rapport.simulator.CampaignFollowUp.Send(rs.getString(1), rs.getString(2), "treated".equals(rs.getString(3))),
                        campaign);
                Path dir = out != null ? out : world.resolve("follow-up-" + campaign);
                java.util.List<org.rapport.simulator.CampaignFollowUp.Outcome> outcomes = org.rapport.simulator.CampaignFollowUp
                        .of(world, seed, org.rapport.simulator.PlantedUplift.defaults()).simulate(sends, sent.toLocalDate(), weeks, dir);
                long bought = outcomes.stream().filter(org.rapport.simulator.CampaignFollowUp.Outcome::bought).count();
                if (bought > 0) {
                    org.rapport.store.ingest.Ingestor.of(s).ingest(org.rapport.store.ingest.Kind.TRANSACTIONS,
                            dir.resolve(org.rapport.simulator.CampaignFollowUp.TRANSACTIONS));
                }
                for (org.rapport.simulator.CampaignFollowUp.Outcome o : outcomes) {
                    if (o.send().treated()) {
                        org.rapport.offers.ContactPolicy.recordResponse(s, o.send().customerId(), o.send().productId(),
                                o.bought() ? "accepted" : "ignored", end.atStartOfDay());
                    }
                }
                double uplift = outcomes.stream().mapToDouble(org.rapport.simulator.CampaignFollowUp.Outcome::uplift).average().orElse(Double.NaN);
                spec.commandLine().getOut().printf(Locale.ROOT, "campaign %s: %,d members, %,d bought in the %d weeks after the send "
                        + "(loaded); planted mean uplift %.4f; truth in %s%n", campaign, outcomes.size(), bought, weeks, uplift,
                        dir.resolve(org.rapport.simulator.CampaignFollowUp.TRUTH));
            }
            return 0;
        }
    }
}
