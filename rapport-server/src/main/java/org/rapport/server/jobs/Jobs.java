package org.rapport.server.jobs;

import org.rapport.server.Printable;
import org.rapport.server.api.ApiError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rapport.store.ConnectionPool;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long work off the request threads: one background thread runs the jobs in order (they write the
 * store through its own connection), each with a status and progress clients poll. Jobs are kept in
 * the table {@code server_jobs} at each change of state (progress within a stage stays in memory),
 * so the list survives a restart; a job a stop cut off is marked failed ("interrupted") at the next
 * start, and ids go on from the last.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    /** A job's state. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /**
     * A snapshot of a job.
     *
     * @param id its id
     * @param kind {@code analyze}
     * @param file the input file
     * @param user who started it
     * @param state its state
     * @param stage the current stage (ingest, summarise, fit, score, report, then plugged steps)
     * @param done units done in the stage
     * @param total units in the stage, -1 if unknown
     * @param message the last stage summary, or the failure
     * @param runId the analysis run it made, once succeeded
     * @param submitted when it was submitted
     * @param finished when it finished, or null
     */
    public record Status(long id, String kind, String file, String user, State state, String stage, long done, long total,
                         String message, Long runId, Instant submitted, Instant finished) {
    }

    /** Jobs of earlier runs of the server that are listed. */
    static final int HISTORY = 200;
    /** The message of a job a stop of the server cut off. */
    static final String INTERRUPTED = "interrupted: the server stopped while the job was queued or running; submit it again";

    private final RapportStore store;
    private final ConnectionPool db;
    private final BatchRunner batch;
    private final Runnable afterEach;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rapport-job");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Status> jobs = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * @param store the store; its own connection is used only by the job thread
     * @param db the server's connections, for the table of jobs
     * @param batch what a job runs after ingest
     * @param afterEach run after every successful job (reload the contact router)
     */
    public Jobs(RapportStore store, ConnectionPool db, BatchRunner batch, Runnable afterEach) {
        this.store = store;
        this.db = db;
        this.batch = batch;
        this.afterEach = afterEach;
        db.update("UPDATE server_jobs SET state = 'FAILED', message = ?, finished = now() WHERE state IN ('QUEUED', 'RUNNING')", INTERRUPTED);
        ids.set(db.queryLong("SELECT coalesce(max(id), 0) FROM server_jobs"));
        List<Status> earlier = db.query("""
                SELECT id, kind, file, user_name, state, stage, message, run_id, submitted, finished
                FROM server_jobs ORDER BY id DESC LIMIT ?""", rs -> {
            long run = rs.getLong(8);
            Long runId = rs.wasNull() ? null : run;
            java.sql.Timestamp fin = rs.getTimestamp(10);
            State state = State.valueOf(rs.getString(5));
            return new Status(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), state, rs.getString(6),
                    state == State.SUCCEEDED ? 1 : 0, state == State.SUCCEEDED ? 1 : -1, rs.getString(7), runId,
                    rs.getTimestamp(9).toInstant(), fin == null ? null : fin.toInstant());
        }, HISTORY);
        for (int i = earlier.size() - 1; i >= 0; i--) {
            jobs.put(earlier.get(i).id(), earlier.get(i));
        }
    }

    /** Writes a job's state to {@code server_jobs} (not its progress within a stage). */
    private void save(Status s) {
        db.update("""
                INSERT OR REPLACE INTO server_jobs (id, kind, file, user_name, state, stage, message, run_id, submitted, finished)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", s.id(), s.kind(), s.file(), s.user(), s.state().name(), s.stage(), s.message(),
                s.runId(), java.sql.Timestamp.from(s.submitted()), s.finished() == null ? null : java.sql.Timestamp.from(s.finished()));
    }

    /**
     * Queues an analyze job: ingest the transactions file, run the analysis, then the plugged steps.
     *
     * @param file a transactions file on the server (CSV or Parquet)
     * @param calibrationEnd the calibration end, or null for the default
     * @param user who submits it
     * @return its status
     * @throws ApiError 400 if the file does not exist
     */
    public Status submitAnalyze(Path file, LocalDate calibrationEnd, String user) {
        return submitAnalyze(file, file.toString(), calibrationEnd, user);
    }

    /**
     * Queues an analyze job on a file of the import folder ({@link ImportFolder#resolve}).
     *
     * @param file the file's real path
     * @param name the file as the client named it: what the job shows, and its messages say
     * @param calibrationEnd the calibration end, or null for the default
     * @param user who submits it
     * @return its status
     * @throws ApiError 400 if the file does not exist
     */
    public Status submitAnalyze(Path file, String name, LocalDate calibrationEnd, String user) {
        return submitAnalyze(file, name, o -> calibrationEnd == null ? o : o.withCalibrationEnd(calibrationEnd), user);
    }

    /**
     * Queues an analyze job on a file of the import folder with the analysis' settings.
     *
     * @param file the file's real path
     * @param name the file as the client named it
     * @param settings applied to the default options (calibration end, model, CLV horizon, discount rate)
     * @param user who submits it
     * @return its status
     * @throws ApiError 400 if the file does not exist
     */
    public Status submitAnalyze(Path file, String name, java.util.function.UnaryOperator<AnalysisOptions> settings, String user) {
        if (!Files.isRegularFile(file)) {
            throw ApiError.badRequest("file: " + name + " does not exist on the server or is not a file");
        }
        long id = ids.incrementAndGet();
        Status s = new Status(id, "analyze", name, user, State.QUEUED, "queued", 0, -1, "", null, Instant.now(), null);
        jobs.put(id, s);
        save(s);
        executor.submit(() -> runAnalyze(id, file, name, settings));
        return s;
    }

    /** Work other than an analysis that changes the store, run on the job thread (which owns the store's connection). */
    @FunctionalInterface
    public interface Task {
        /**
         * @param store the store
         * @param progress the job's progress
         * @return what was done, in words (the job's message)
         * @throws Exception on failure: the job ends failed with the message
         */
        String run(RapportStore store, Progress progress) throws Exception;
    }

    /**
     * Queues a task (a budget allocation, say) behind the jobs already queued, so it never runs beside an analysis.
     *
     * @param kind what it is, e.g. {@code budget}
     * @param name what it works on, as shown in the list
     * @param user who submits it
     * @param task the work
     * @return its status
     */
    public Status submitTask(String kind, String name, String user, Task task) {
        long id = ids.incrementAndGet();
        Status s = new Status(id, kind, name, user, State.QUEUED, "queued", 0, -1, "", null, Instant.now(), null);
        jobs.put(id, s);
        save(s);
        executor.submit(() -> {
            change(id, x -> new Status(x.id(), x.kind(), x.file(), x.user(), State.RUNNING, kind, 0, -1, "", null, x.submitted(), null));
            try {
                String done = task.run(store, Progress.NONE);
                afterEach.run();
                change(id, x -> new Status(x.id(), x.kind(), x.file(), x.user(), State.SUCCEEDED, "done", 1, 1, done, null, x.submitted(),
                        Instant.now()));
            } catch (Exception | Error e) {
                String msg = Printable.text(e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.warn("job {} ({}) failed: {}", id, kind, msg);
                change(id, x -> new Status(x.id(), x.kind(), x.file(), x.user(), State.FAILED, x.stage(), 0, -1, msg, null, x.submitted(),
                        Instant.now()));
            }
        });
        return s;
    }

    /** @param id a job id @return its status */
    public Optional<Status> get(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** @return every job, newest first */
    public List<Status> list() {
        synchronized (jobs) {
            List<Status> l = new ArrayList<>(jobs.values());
            java.util.Collections.reverse(l);
            return l;
        }
    }

    private void update(long id, java.util.function.UnaryOperator<Status> f) {
        jobs.computeIfPresent(id, (k, s) -> f.apply(s));
    }

    /** Updates a job and writes its new state to the table. */
    private void change(long id, java.util.function.UnaryOperator<Status> f) {
        update(id, f);
        get(id).ifPresent(s -> {
            try {
                save(s);
            } catch (RuntimeException e) {
                LOG.warn("job {}: its state could not be written to server_jobs: {}", id, e.getMessage());
            }
        });
    }

    private void runAnalyze(long id, Path file, String name, java.util.function.UnaryOperator<AnalysisOptions> settings) {
        change(id, s -> new Status(s.id(), s.kind(), s.file(), s.user(), State.RUNNING, "ingest", 0, -1, "", null, s.submitted(), null));
        Progress p = new Progress() {
            @Override
            public void start(String stage, long total) {
                update(id, s -> new Status(s.id(), s.kind(), s.file(), s.user(), s.state(), stage, 0, total, s.message(), null, s.submitted(), null));
            }

            @Override
            public void advance(long done) {
                update(id, s -> new Status(s.id(), s.kind(), s.file(), s.user(), s.state(), s.stage(), done, s.total(), s.message(), null, s.submitted(), null));
            }

            @Override
            public void finish(String summary) {
                update(id, s -> new Status(s.id(), s.kind(), s.file(), s.user(), s.state(), s.stage(), s.total(), s.total(), summary, null, s.submitted(), null));
            }
        };
        try {
            var report = Ingestor.of(store).ingest(Kind.TRANSACTIONS, file, IngestOptions.defaults(),
                    (stage, fraction, rows) -> p.advance(Math.max(rows, 0)));
            p.finish(report.summary());
            AnalysisOptions options = settings.apply(AnalysisOptions.defaults().withSource(name));
            long runId = batch.run(store, options, "analyze job " + id, p);
            afterEach.run();
            change(id, s -> new Status(s.id(), s.kind(), s.file(), s.user(), State.SUCCEEDED, "done", 1, 1,
                    "run " + runId + " saved", runId, s.submitted(), Instant.now()));
            LOG.info("job {} succeeded: run {}", id, runId);
        } catch (Exception | Error e) {
            String msg = JobFailure.message(e, file.toString(), name);
            LOG.warn("job {} on {}: {}", id, file, Printable.text(e.getMessage() == null ? e.toString() : e.getMessage()));
            change(id, s -> new Status(s.id(), s.kind(), s.file(), s.user(), State.FAILED, s.stage(), s.done(), s.total(), msg, null,
                    s.submitted(), Instant.now()));
            LOG.warn("job {} failed in {}: {}", id, get(id).map(Status::stage).orElse("?"), msg);
        }
    }

    /** Stops taking jobs and waits up to 30 s for the running one. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
