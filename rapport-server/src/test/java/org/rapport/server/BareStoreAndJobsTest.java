package org.rapport.server;

import org.rapport.server.api.Json;
import org.rapport.server.auth.Role;
import org.rapport.server.jobs.BatchRunner;
import org.rapport.server.jobs.Jobs;
import static org.rapport.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.ConnectionPool;
import org.rapport.pipeline.Results;

/**
 * A store with what main has today (scores, no analytics or offers tables): every route answers
 * with a clear "not computed yet" state instead of failing; and an analyze job runs in the
 * background with its progress, through the plugged batch runner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BareStoreAndJobsTest {
    private ServerFixture f;
    private final AtomicInteger stepRuns = new AtomicInteger();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        BatchRunner batch = (store, options, job, p) -> {
            long runId = BatchRunner.PIPELINE.run(store, options, job, p);
            stepRuns.incrementAndGet();
            Results.save(store, "wallet", runId, java.util.Map.of("fromStep", true));
            return runId;
        };
        f = new ServerFixture(dir, false, RapportServer.Options.defaults().withBatch(batch));
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void absentTablesAndResultsSayNotComputedYet() throws Exception {
        assertThat(json(f.get("/api/v1/groups", Role.CCO), 404).path("error").asText()).startsWith("not computed yet").contains("rapport analyze");
        assertThat(json(f.get("/api/v1/segments", Role.CCO), 404).path("error").asText()).contains("no segments defined yet")
                .contains("rapport segments discover");
        assertThat(json(f.get("/api/v1/campaigns", Role.CCO), 404).path("error").asText()).contains("not computed yet");
        assertThat(json(f.get("/api/v1/moments", Role.CCO), 404).path("error").asText()).contains("no moments result");
        JsonNode equity = json(f.get("/api/v1/equity", Role.CCO), 200);
        double total = f.store.queryFirst("SELECT sum(clv) FROM customer_scores", rs -> rs.getDouble(1)).orElseThrow();
        assertThat(equity.path("total").path("equity").asDouble()).isEqualTo(total);
        assertThat(equity.path("bySegment").isNull()).isTrue();
        assertThat(equity.path("notComputed").path("bySegment").asText()).contains("rapport segments discover");
        String id = f.store.queryFirst("SELECT customer_id FROM customer_scores ORDER BY customer_id LIMIT 1", rs -> rs.getString(1)).orElseThrow();
        JsonNode c = json(f.get("/api/v1/customers/" + id, Role.AGENT), 200);
        assertThat(c.path("scores").path("clv").isNumber()).isTrue();
        assertThat(c.path("notComputed").path("segment").asText()).contains("not computed yet");
        assertThat(c.path("notComputed").path("offers").asText()).contains("not computed yet");
        JsonNode route = json(f.send("POST", "/api/v1/route", Role.AGENT, "{\"customerId\": \"" + id + "\"}"), 200);
        assertThat(route.path("queue").asText()).isEqualTo(ContactRouter.GENERAL);
        assertThat(route.path("talkingPoints").size()).isZero();
        for (String page : List.of("/overview", "/brands", "/validation", "/desk", "/customers/" + id)) {
            HttpResponse<String> r = f.get(page, Role.CCO);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
        }
        assertThat(f.get("/overview", Role.CCO).body()).contains("not computed yet");
        assertThat(f.get("/workspace", Role.CCO).body()).contains("no segments defined yet: run rapport segments discover");
    }

    @Test
    void anAnalyzeJobRunsInTheBackgroundThenThePluggedSteps() throws Exception {
        long runsBefore = f.store.queryLong("SELECT count(*) FROM analysis_runs");
        HttpResponse<String> r = f.send("POST", "/api/v1/jobs", Role.ANALYST, "{\"kind\": \"analyze\", \"file\": \"transactions.csv\", "
                + "\"calibrationEnd\": \"" + f.world.calibrationEnd() + "\"}");
        JsonNode job = json(r, 202);
        assertThat(r.headers().firstValue("Location").orElse("")).isEqualTo("/api/v1/jobs/" + job.path("id").asLong());
        assertThat(job.path("state").asText()).isIn("QUEUED", "RUNNING");
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode s;
        java.util.Set<String> stages = new java.util.TreeSet<>();
        do {
            Thread.sleep(50);
            s = json(f.get("/api/v1/jobs/" + job.path("id").asLong(), Role.ANALYST), 200);
            stages.add(s.path("stage").asText());
        } while (s.path("state").asText().matches("QUEUED|RUNNING") && System.currentTimeMillis() < deadline);
        assertThat(s.path("state").asText()).as(s.toString()).isEqualTo("SUCCEEDED");
        assertThat(s.path("runId").asLong()).isPositive();
        assertThat(stages).as("progress was visible while it ran").hasSizeGreaterThan(1);
        assertThat(f.store.queryLong("SELECT count(*) FROM analysis_runs")).isEqualTo(runsBefore + 1);
        assertThat(stepRuns.get()).isEqualTo(1);
        assertThat(json(f.get("/api/v1/wallet", Role.CCO), 200).path("fromStep").asBoolean()).isTrue();
        JsonNode audit = json(f.get("/api/v1/audit", Role.CCO), 200);
        assertThat(audit.get(0).path("action").asText()).isEqualTo("job.analyze");
    }
    @Test
    void jobsOutliveARestartAndACutOffJobIsMarkedInterrupted() {
        f.store.update("INSERT INTO server_jobs VALUES (9001, 'analyze', '/data/a.csv', 'ana', 'SUCCEEDED', 'done', 'run 7 saved', 7, "
                + "TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 10:05:00')");
        f.store.update("INSERT INTO server_jobs VALUES (9002, 'analyze', '/data/b.csv', 'ana', 'RUNNING', 'fit', '', NULL, "
                + "TIMESTAMP '2026-01-01 11:00:00', NULL)");
        try (ConnectionPool db = new ConnectionPool(f.store, 1); Jobs restarted = new Jobs(f.store, db, BatchRunner.PIPELINE, () -> { })) {
            Jobs.Status done = restarted.get(9001).orElseThrow();
            assertThat(done.state()).isEqualTo(Jobs.State.SUCCEEDED);
            assertThat(done.runId()).isEqualTo(7L);
            assertThat(done.file()).isEqualTo("/data/a.csv");
            Jobs.Status cut = restarted.get(9002).orElseThrow();
            assertThat(cut.state()).isEqualTo(Jobs.State.FAILED);
            assertThat(cut.message()).startsWith("interrupted");
            assertThat(cut.finished()).isNotNull();
            assertThat(restarted.list().get(0).id()).as("newest first").isGreaterThanOrEqualTo(9002);
            // ids go on from the last one; a refused file is not a job
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> restarted.submitAnalyze(f.dir.resolve("missing.csv"), null, "ana"))
                    .hasMessageContaining("does not exist");
            Jobs.Status next = restarted.submitAnalyze(f.dir.resolve("world/transactions.csv"), f.world.calibrationEnd(), "ana");
            assertThat(next.id()).isGreaterThan(9002);
            assertThat(f.store.queryLong("SELECT count(*) FROM server_jobs WHERE id = ?", next.id())).isEqualTo(1);
        }
        assertThat(f.store.queryLong("SELECT count(*) FROM server_jobs WHERE id = 9002 AND state = 'FAILED'")).isEqualTo(1);
    }
}
