package org.rapport.cli.command;

import picocli.CommandLine.Command;

/** {@code rapport brands}: the latest brands result of the store (computed and stored if missing). */
@Command(name = "brands", mixinStandardHelpOptions = true,
        description = {"Brand switching (Markov by segment), customer-based brand equity, hand-offs between brands and retirement candidates.",
            "Prints the stored result of the latest analysis run; computes and stores it when missing."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (a missing input table gives a note, not a failure)",
            "2:no scores yet (run rapport analyze first), or a bad option"})
public final class BrandsCommand extends AnalyticsCommand {
    @Override
    String analysis() {
        return "brands";
    }
}
