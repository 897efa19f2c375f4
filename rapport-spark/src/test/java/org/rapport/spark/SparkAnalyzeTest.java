package org.rapport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 21: an input Spark cannot read (no such path) exited 1 with a stack trace where the README
 * promises exit 2 and a one-line message, as on the single machine.
 */
class SparkAnalyzeTest {
    @TempDir
    Path dir;

    @Test
    void aMissingInputIsExitTwoWithOneLine() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new SparkAnalyze()).execute("--input", dir.resolve("nothing.parquet").toString(),
                    "--out", dir.resolve("out").toString(), "--master", "local[1]");
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(2);
        // Spark's own log (INFO and WARN, quiet under bin/rapport's log4j settings) may show traces; the
        // command's answer is the one line, with no uncaught exception after it.
        assertThat(text).contains("rapport spark: cannot read the input: Path does not exist").contains("nothing.parquet")
                .doesNotContain("Exception in thread");
    }
}
