package org.rapport.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the test of the files: fails on anything malformed. */
final class Csv {
    private Csv() {
    }

    /** @param file a CSV file @return its records, header first */
    static List<List<String>> read(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < s.length() && s.charAt(i) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                if (f.length() > 0 || wasQuoted) {
                    throw new IllegalStateException(file + ": quote inside an unquoted field at " + i);
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
                wasQuoted = false;
            } else if (c == '\n') {
                row.add(f.toString());
                f.setLength(0);
                wasQuoted = false;
                rows.add(row);
                row = new ArrayList<>();
            } else if (c == '\r') {
                throw new IllegalStateException(file + ": carriage return at " + i);
            } else {
                f.append(c);
            }
        }
        if (quoted || f.length() > 0 || !row.isEmpty()) {
            throw new IllegalStateException(file + ": last line not terminated");
        }
        return rows;
    }
}
