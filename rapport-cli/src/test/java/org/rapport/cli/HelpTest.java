package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 15, item 11: every command's help is whole: the summary in the command list is a full
 * sentence, and no help prints picocli's format warnings (an unescaped {@code %}).
 */
class HelpTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void everyHelpIsWholeAndQuiet() {
        List<CommandLine> all = new ArrayList<>();
        collect(Rapport.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), all);
        assertThat(all).hasSizeGreaterThan(20);
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> cut = new ArrayList<>();
        try {
            for (CommandLine cl : all) {
                String usage = cl.getUsageMessage();
                assertThat(usage).as(cl.getCommandSpec().qualifiedName()).isNotBlank();
                if (cl.getParent() != null) {
                    String summary = summary(cl);
                    if (!summary.matches("(?s).*[.)]$")) {
                        cut.add(cl.getCommandSpec().qualifiedName() + ": " + summary);
                    }
                }
            }
        } finally {
            System.setErr(old);
        }
        assertThat(cut).as("summaries cut mid-sentence").isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    private static String summary(CommandLine cl) {
        String[] header = cl.getCommandSpec().usageMessage().header();
        String[] description = cl.getCommandSpec().usageMessage().description();
        return (header.length > 0 ? header[0] : description.length > 0 ? description[0] : "").strip();
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!out.contains(sub)) {
                collect(sub, out);
            }
        }
    }

    @Test
    void messagesNeverCarryRawControlCharacters() {
        // Issue 15, item 10: binary bytes of a file name or argument were echoed to the terminal.
        assertThat(Rapport.printable("bad \u001b[31mred\u0007 and\ttab\nnext")).isEqualTo("bad \\x1b[31mred\\x07 and\\x09tab\nnext");
        CliRunner.Result r = CliRunner.run("ingest", "transactions", "no\u001bsuch.csv", "--db", dir.resolve("x.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("no\\x1bsuch.csv").doesNotContain("\u001b");
    }
}
