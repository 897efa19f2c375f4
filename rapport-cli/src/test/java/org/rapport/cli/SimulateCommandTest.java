package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rapport simulate --purchase-model}: more purchases with a smaller alpha, and a clear error for a bad list. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    private long lines(String... extra) throws Exception {
        Path out = dir.resolve("w" + extra.length);
        String[] args = new String[5 + extra.length];
        System.arraycopy(new String[] {"simulate", "--customers", "2000", "--out", out.toString()}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        CliRunner.Result r = CliRunner.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (var s = Files.lines(out.resolve("transactions.csv"))) {
            return s.count() - 1;
        }
    }

    @Test
    void aHeavierPurchaseModelGivesMoreLinesAndABadOneIsRefused() throws Exception {
        long cdnow = lines();
        long heavy = lines("--purchase-model", "0.4,2.5,0.5,4.0");
        // Mean purchase rate r/alpha rises from 0.055 to 0.16 a week and dropout falls from 0.25 to 0.11
        // per purchase: with 2,000 customers the lines per customer go from about 4 to about 10.
        assertThat(cdnow / 2000.0).isBetween(3.0, 5.5);
        assertThat(heavy / 2000.0).isBetween(8.0, 12.5);
        CliRunner.Result bad = CliRunner.run("simulate", "--customers", "10", "--out", dir.resolve("bad").toString(),
                "--purchase-model", "0.4,2.5");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(bad.err()).contains("--purchase-model needs four numbers R,ALPHA,A,B, got 2");
        CliRunner.Result negative = CliRunner.run("simulate", "--customers", "10", "--out", dir.resolve("neg").toString(),
                "--purchase-model", "0.4,-2.5,0.5,4");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(negative.err()).contains("alpha");
    }
}
