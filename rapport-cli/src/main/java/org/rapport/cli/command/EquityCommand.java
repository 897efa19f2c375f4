package org.rapport.cli.command;

import picocli.CommandLine.Command;

/** {@code rapport equity}: the latest equity result of the store (computed and stored if missing). */
@Command(name = "equity", mixinStandardHelpOptions = true,
        description = {"Customer equity: current customers' CLV plus prospects' expected value, by segment, brand, channel and cohort, projected month by month; customer vs product profitability.",
            "Prints the stored result of the latest analysis run; computes and stores it when missing."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (a missing input table gives a note, not a failure)",
            "2:no scores yet (run rapport analyze first), or a bad option"})
public final class EquityCommand extends AnalyticsCommand {
    @Override
    String analysis() {
        return "equity";
    }
}
