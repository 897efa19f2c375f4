package org.rapport.server;

import org.rapport.server.auth.Role;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.bench.server.LoadClient;

/**
 * The benchmark's own generator against a real server: it must read every answer whole (keep-alive,
 * lengths or chunks), count non-200 answers as errors and put each request in its route's column, or
 * its figures mean nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadClientTest {
    private ServerFixture f;
    private List<String[]> contacts;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
        contacts = f.store.query("SELECT customer_id, email, phone FROM customers WHERE email IS NOT NULL AND phone IS NOT NULL "
                + "ORDER BY customer_id LIMIT 50", rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        assertThat(contacts).hasSize(50);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void everyRequestAnsweredOverKeepAliveConnections() throws InterruptedException {
        // 200 requests at 200/s over 4 connections: each connection carries about 50 requests in turn,
        // so a response read short or long would desynchronise the next one and show as errors.
        LoadClient.Outcome o = new LoadClient(f.server.port(), f.tokens.get(Role.AGENT), contacts, "mix").run(200, 1, 4);
        assertThat(o.errors()).isZero();
        assertThat(o.route()).hasSize(100);
        assertThat(o.c360()).hasSize(100);
        assertThat(Arrays.stream(o.route()).min().orElseThrow()).isPositive();
        assertThat(Arrays.stream(o.c360()).min().orElseThrow()).isPositive();
        assertThat(o.report(200, 4)).contains("200 requests", "0 errors", "POST /api/v1/route", "p99");
    }

    @Test
    void refusedRequestsCountAsErrors() throws InterruptedException {
        LoadClient.Outcome o = new LoadClient(f.server.port(), "not-a-token", contacts, "c360").run(50, 1, 2);
        assertThat(o.errors()).isEqualTo(50);
        assertThat(o.c360()).hasSize(50);
        assertThat(o.route()).isEmpty();
    }
}
