package org.rapport.cli.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rapport.cli.ExitCodes;
import org.rapport.pipeline.RunCheck;
import org.rapport.store.Finding;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rapport doctor}: opens a store (which already puts back a batch job that died mid-run),
 * checks its invariants and says what is wrong and how to fix it.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check a store: schema, an interrupted job (put back at open), unique ids, dates, and one "
                + "complete latest run. Exit code 0 when healthy, 2 when something needs doing (each problem says what)."})
public final class DoctorCommand extends StoreCommand {

    @Option(names = "--fix", description = "Move transaction lines with impossible dates to the rejects table.")
    private boolean fix;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RapportStore s = store.openExisting()) {
            if (fix) {
                long moved = StoreHealth.removeImpossibleLines(s);
                out.println(String.format(Locale.ROOT, "moved %,d transaction lines with impossible dates to the rejects table", moved));
            }
            List<Finding> all = new ArrayList<>(StoreHealth.check(s));
            all.addAll(RunCheck.check(s));
            long problems = all.stream().filter(f -> !f.ok()).count();
            for (Finding f : all) {
                out.println((f.ok() ? "  ok       " : "  PROBLEM  ") + f.what());
                if (!f.ok()) {
                    out.println("           fix: " + f.fix());
                }
            }
            out.println(problems == 0 ? "the store is healthy" : problems + " problem(s) found");
            return problems == 0 ? 0 : ExitCodes.INPUT;
        }
    }
}
