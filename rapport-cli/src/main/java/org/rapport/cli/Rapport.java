package org.rapport.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.rapport.cli.command.RapportCommand;
import org.rapport.cli.io.InputException;
import org.rapport.model.ModelException;
import org.rapport.store.StoreException;
import picocli.CommandLine;

/**
 * Entry point of the {@code rapport} command. Maps failures to the exit codes of {@link ExitCodes}
 * and prints a one-line message instead of a stack trace for every expected failure.
 */
public final class Rapport {
    private Rapport() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /**
     * Builds the command line with our error handling; tests call {@code execute} on it.
     *
     * @param out standard output
     * @param err standard error
     * @return the configured command line
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RapportCommand());
        cl.setOut(out);
        cl.setErr(err);
        // In the product's words, not java.time's exception text.
        cl.registerConverter(LocalDate.class, text -> {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a date: write it as YYYY-MM-DD, e.g. 2023-09-30");
            }
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            int code = exitCode(ex);
            String msg = printable(ex.getMessage() == null ? ex.toString() : ex.getMessage());
            line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + msg);
            if (code == ExitCodes.SOFTWARE) {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return code;
        });
        return cl;
    }

    /**
     * @param message a message that may quote a file's bytes or a user's argument
     * @return it with control characters (but line breaks) written as {@code \xNN}, so a terminal never
     *     receives raw bytes from a file
     */
    static String printable(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char ch = message.charAt(i);
            if ((ch < 0x20 && ch != '\n') || ch == 0x7f) {
                b.append(String.format("\\x%02x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /**
     * @param ex a failure
     * @return its exit code
     */
    static int exitCode(Throwable ex) {
        if (ex instanceof ModelException) {
            return ExitCodes.MODEL;
        }
        if (ex instanceof InputException || ex instanceof StoreException || ex instanceof java.io.UncheckedIOException
                || ex instanceof java.nio.file.NoSuchFileException || ex instanceof IllegalArgumentException) {
            return ExitCodes.INPUT;
        }
        return ExitCodes.SOFTWARE;
    }
}
