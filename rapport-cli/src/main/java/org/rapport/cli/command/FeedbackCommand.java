package org.rapport.cli.command;

import picocli.CommandLine.Command;

/** {@code rapport feedback}: the latest feedback result of the store (computed and stored if missing). */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = {"Customer input to R&D: feedback topics by segment, weighted by the equity of the customers asking.",
            "Prints the stored result of the latest analysis run; computes and stores it when missing."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (a missing input table gives a note, not a failure)",
            "2:no scores yet (run rapport analyze first), or a bad option"})
public final class FeedbackCommand extends AnalyticsCommand {
    @Override
    String analysis() {
        return "feedback";
    }
}
