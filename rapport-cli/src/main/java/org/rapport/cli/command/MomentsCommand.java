package org.rapport.cli.command;

import picocli.CommandLine.Command;

/** {@code rapport moments}: the latest moments result of the store (computed and stored if missing). */
@Command(name = "moments", mixinStandardHelpOptions = true,
        description = {"Moments of value: touchpoints whose ratings move later retention and spend, ranked by the equity at stake.",
            "Prints the stored result of the latest analysis run; computes and stores it when missing."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (a missing input table gives a note, not a failure)",
            "2:no scores yet (run rapport analyze first), or a bad option"})
public final class MomentsCommand extends AnalyticsCommand {
    @Override
    String analysis() {
        return "moments";
    }
}
