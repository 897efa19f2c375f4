package org.rapport.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <db>.holder}: one line by which an open store says who holds it (a server with its address),
 * so that another process that finds the file locked is told who and what to do instead of DuckDB's
 * lock message with a PID. Advice only: a stale note is overwritten by the next holder.
 */
final class HolderNote {
    private static final Pattern PID = Pattern.compile("PID (\\d+)");

    private HolderNote() {
    }

    static Path of(Path db) {
        return db.resolveSibling(db.getFileName() + ".holder");
    }

    /** @return the note written, or null when it could not be */
    static Path write(Path db, String who) {
        Path note = of(db);
        try {
            Files.writeString(note, who + "\n");
            return note;
        } catch (IOException e) {
            return null;
        }
    }

    static void delete(Path note) {
        if (note != null) {
            try {
                Files.deleteIfExists(note);
            } catch (IOException e) {
                // advice only
            }
        }
    }

    /** The message when the file is locked: who holds it, if they said, and what to do. */
    static String message(Path db, String duckdb) {
        Matcher pid = PID.matcher(duckdb);
        String process = pid.find() ? "process " + pid.group(1) : "another process";
        if (db != null && Files.isRegularFile(of(db))) {
            try {
                String who = Files.readString(of(db)).strip();
                return "it is held by " + who + ". Stop it (Ctrl-C), or work through it: the dashboard, or the "
                        + "server's API (analyses: POST /api/v1/jobs; docs/server.md)";
            } catch (IOException e) {
                // fall through to the plain message
            }
        }
        return "it is open in " + process + " (another Rapport command or a server): wait for it to finish, or stop it";
    }
}
