package org.rapport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures what it prints. */
public final class CliRunner {
    /**
     * @param exitCode the exit code
     * @param out standard output
     * @param err standard error
     */
    public record Result(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    /**
     * @param file where to create a store with the schema and no data
     * @return its path, for {@code --db}
     */
    public static String emptyStore(java.nio.file.Path file) {
        org.rapport.store.RapportStore.open(file).close();
        return file.toString();
    }

    /** @param args the command line @return exit code and output */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rapport.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
