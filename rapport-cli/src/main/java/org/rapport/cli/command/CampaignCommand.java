package org.rapport.cli.command;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rapport.offers.CampaignExport;
import org.rapport.offers.OfferConfig;
import org.rapport.store.RapportStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rapport campaign}: coupon lists from the stored offers. */
@Command(name = "campaign", mixinStandardHelpOptions = true, description = "Campaigns from the stored offers.",
        subcommands = {CampaignCommand.Export.class})
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
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOption store;
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

        @Override
        public Integer call() throws Exception {
            try (RapportStore s = store.openExisting()) {
                CampaignExport.Summary sum = CampaignExport.run(s, selection.offer, selection.segment,
                        channel == Channel.email ? CampaignExport.Channel.EMAIL : CampaignExport.Channel.MAIL, campaign, out,
                        config == null ? OfferConfig.defaults() : OfferConfig.load(config), LocalDate.now());
                spec.commandLine().getOut().printf(Locale.ROOT, "campaign %s: %,d coupons written to %s; skipped %,d without %s, %,d by consent or "
                        + "the contact policy%n", sum.campaign(), sum.rows(), out, sum.skippedNoContact(), channel == Channel.email ? "an email" : "a region or phone",
                        sum.skippedPolicy());
            }
            return 0;
        }
    }
}
