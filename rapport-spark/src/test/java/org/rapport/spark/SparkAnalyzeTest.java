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
 * Issue 21: an input Spark cannot read (no such path, a file that is not Parquet) exited 1 with a stack
 * trace where the README promises exit 2 and a one-line message, as on the single machine.
 */
class SparkAnalyzeTest {
    @TempDir
    Path dir;

    @Test
    void aMissingInputIsExitTwoWithOneLine() {
        String[] result = run(dir.resolve("nothing.parquet"));
        String text = result[1];
        assertThat(Integer.parseInt(result[0])).as(text).isEqualTo(2);
        // Spark's own log (INFO and WARN, quiet under bin/rapport's log4j settings) may show traces; the
        // command's answer is the one line, with no uncaught exception after it.
        assertThat(text).contains("rapport spark: cannot read the input: Path does not exist").contains("nothing.parquet")
                .doesNotContain("Exception in thread");
    }

    @Test
    void aFileThatIsNotParquetIsExitTwoNamingIt() throws java.io.IOException {
        Path bad = java.nio.file.Files.writeString(dir.resolve("sales.parquet"), "customer_id,ts,amount\n1,2024-01-02,3\n");
        String[] result = run(bad);
        assertThat(Integer.parseInt(result[0])).as(result[1]).isEqualTo(2);
        assertThat(result[1]).contains("rapport spark: cannot read the input").contains("sales.parquet")
                .doesNotContain("Exception in thread");
    }

    /** @return exit code and standard error */
    private String[] run(Path input) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new SparkAnalyze()).execute("--input", input.toString(),
                    "--out", dir.resolve("out").toString(), "--master", "local[1]");
        } finally {
            System.setErr(old);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }
}
