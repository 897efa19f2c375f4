package org.rapport.cli.command;

import picocli.CommandLine.Command;

/** The top-level {@code rapport} command; each job is a subcommand in its own class. */
@Command(name = "rapport", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Rapport: customer lifetime value, customer equity and the decisions built on them.",
        subcommands = {DemoCommand.class, AnalyzeCommand.class, IngestCommand.class, FitCommand.class, SimulateCommand.class,
            ReportCommand.class, ExportCommand.class, LoadResultsCommand.class,
            EquityCommand.class, GroupsCommand.class, WalletCommand.class, BrandsCommand.class, MomentsCommand.class,
            FeedbackCommand.class, SegmentsCommand.class, BudgetCommand.class,
            OffersCommand.class, CampaignCommand.class, ServeCommand.class, UsersCommand.class, DoctorCommand.class,
            picocli.CommandLine.HelpCommand.class})
public final class RapportCommand {
}
