package org.rapport.store.ingest;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * Polls DuckDB's progress of a running statement and forwards it: first after 50 ms, then every 150 ms.
 * Statements that finish sooner report nothing.
 */
final class ProgressPoller implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stopped;

    ProgressPoller(PreparedStatement ps, IngestProgress.Stage stage, IngestProgress listener) {
        DuckDBPreparedStatement duck;
        try {
            duck = ps.unwrap(DuckDBPreparedStatement.class);
        } catch (SQLException e) {
            duck = null;
        }
        DuckDBPreparedStatement target = duck;
        thread = new Thread(() -> {
            long pause = 50;
            while (!stopped && target != null) {
                try {
                    Thread.sleep(pause);
                    pause = 150;
                    if (stopped) {
                        break;
                    }
                    QueryProgress p = target.getQueryProgress();
                    if (p.getPercentage() >= 0) {
                        listener.update(stage, Math.min(1.0, p.getPercentage() / 100.0), p.getRowsProcessed());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | RuntimeException e) {
                    return;
                }
            }
        }, "rapport-ingest-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Executes a statement while forwarding its progress.
     *
     * @param ps the prepared statement, parameters bound
     * @param stage the stage to report
     * @param listener receives progress
     * @throws SQLException if the statement fails
     */
    static void execute(PreparedStatement ps, IngestProgress.Stage stage, IngestProgress listener) throws SQLException {
        ProgressPoller poller = new ProgressPoller(ps, stage, listener);
        try {
            ps.execute();
        } finally {
            poller.close();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
