package org.rapport.cli.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Bad input in a file, located as {@code FILE:LINE: field 'NAME': MESSAGE}, or {@code FILE: MESSAGE}
 * for problems with the file as a whole.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param message what is wrong with the whole file
     */
    public InputException(Path file, String message) {
        super(file + ": " + message);
    }

    /**
     * @param file the file
     * @param line the 1-based physical line
     * @param field the column name
     * @param message what is wrong with the value
     */
    public InputException(Path file, long line, String field, String message) {
        super(String.format(Locale.ROOT, "%s:%d: field '%s': %s", file, line, field, message));
    }
}
