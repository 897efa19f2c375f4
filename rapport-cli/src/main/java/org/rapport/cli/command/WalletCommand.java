package org.rapport.cli.command;

import picocli.CommandLine.Command;

/** {@code rapport wallet}: the latest wallet result of the store (computed and stored if missing). */
@Command(name = "wallet", mixinStandardHelpOptions = true,
        description = {"Share of wallet per customer (survey wallet, else estimated), headroom and segment averages.",
            "Prints the stored result of the latest analysis run; computes and stores it when missing."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (a missing input table gives a note, not a failure)",
            "2:no scores yet (run rapport analyze first), or a bad option"})
public final class WalletCommand extends AnalyticsCommand {
    @Override
    String analysis() {
        return "wallet";
    }
}
