package org.rapport.store;

import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes a batch job all-or-nothing for the tables it changes. {@link #begin} copies each table into a
 * backup and writes a journal row per table, in one transaction, before the job changes any of them;
 * {@link #commit} drops the copies and the rows in one transaction; {@link #rollback} (a failed job)
 * and {@link #recover} (at the next open, after a kill) put every table back from its copy in one
 * transaction. So after a crash the store holds the previous run whole, never tables of two runs, and
 * the job can be re-run at once. Copying costs about a second a million rows (docs/schema.md).
 */
public final class RunJournal {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final String BACKUP = "run_backup_";

    /** What an interrupted job left, as put back. @param job its name @param started when it began @param tables the tables restored */
    public record Recovered(String job, LocalDateTime started, List<String> tables) {
        /** @return one sentence for the user */
        public String message() {
            return "an interrupted " + job + " (started " + started.withNano(0) + " UTC) was rolled back: "
                    + tables.size() + " tables are as they were before it";
        }
    }

    private final RapportStore store;
    private final List<String> tables;

    private RunJournal(RapportStore store, List<String> tables) {
        this.store = store;
        this.tables = tables;
    }

    /**
     * Starts a job: copies the tables that exist and journals them, in one transaction.
     *
     * @param store the store
     * @param job the job's name, e.g. {@code analyze}
     * @param tables the tables the job may change (constants of the calling code)
     * @return the journal, to {@link #commit} or {@link #rollback}
     * @throws StoreException if another job's journal is open in this store
     */
    public static RunJournal begin(RapportStore store, String job, List<String> tables) {
        recover(store);
        List<String> present = tables.stream().map(RunJournal::checked).filter(t -> exists(store, t)).toList();
        Timestamp now = Timestamp.from(Instant.now());
        store.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String t : present) {
                    s.execute("DROP TABLE IF EXISTS " + BACKUP + t);
                    s.execute("CREATE TABLE " + BACKUP + t + " AS SELECT * FROM " + t);
                }
            }
            for (String t : present) {
                try (var ps = c.prepareStatement("INSERT INTO run_journal VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, t);
                    ps.setString(2, BACKUP + t);
                    ps.setTimestamp(3, now);
                    ps.setString(4, job);
                    ps.execute();
                }
            }
            return null;
        });
        return new RunJournal(store, present);
    }

    /** A job's work. @param <T> its result */
    @FunctionalInterface
    public interface Work<T> {
        /** @return the result @throws Exception on failure */
        T run() throws Exception;
    }

    /** A checked exception of the work, rethrown unchecked with the same message. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Runs a job with its tables journaled: committed when the work returns, put back when it throws
     * (and at the next open when the process dies).
     *
     * @param store the store
     * @param job the job's name, for the message after a recovery
     * @param tables the tables the job may change (constants of the calling code)
     * @param work the work
     * @param <T> its result
     * @return the work's result
     * @throws Failed wrapping a checked exception of the work (runtime exceptions and errors pass as they are)
     */
    public static <T> T atomically(RapportStore store, String job, List<String> tables, Work<T> work) {
        RunJournal journal = begin(store, job, tables);
        T result;
        try {
            result = work.run();
        } catch (Exception | Error e) {
            try {
                journal.rollback();
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new Failed((Exception) e);
        }
        journal.commit();
        return result;
    }

    /** Ends the job: its changes stay; the copies go. */
    public void commit() {
        store.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String t : tables) {
                    s.execute("DROP TABLE IF EXISTS " + BACKUP + t);
                }
                s.execute("DELETE FROM run_journal");
            }
            return null;
        });
    }

    /** Undoes the job: every journaled table back as it was at {@link #begin}. */
    public void rollback() {
        recover(store);
    }

    /**
     * Puts back the tables of a job that died (journal rows left), in one transaction.
     *
     * @param store the store
     * @return what was put back, or empty when no job was interrupted
     */
    public static Optional<Recovered> recover(RapportStore store) {
        record Row(String table, String backup, LocalDateTime started, String job) {
        }
        List<Row> rows = store.query("SELECT table_name, backup_name, started, job FROM run_journal ORDER BY table_name",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toLocalDateTime(), rs.getString(4)));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        store.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (Row r : rows) {
                    String t = checked(r.table());
                    String b = checked(r.backup());
                    s.execute("DELETE FROM " + t);
                    s.execute("INSERT INTO " + t + " SELECT * FROM " + b);
                    s.execute("DROP TABLE " + b);
                }
                s.execute("DELETE FROM run_journal");
            }
            return null;
        });
        return Optional.of(new Recovered(rows.get(0).job(), rows.get(0).started(), rows.stream().map(Row::table).toList()));
    }

    private static boolean exists(RapportStore store, String table) {
        return store.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                + "AND table_type = 'BASE TABLE' AND table_name = ?", table) > 0;
    }

    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a table name: " + name);
        }
        return name;
    }
}
