package org.rapport.server;

import org.rapport.server.auth.SignIn;

import org.rapport.server.auth.Auth;

import org.rapport.server.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rapport.store.ConnectionPool;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.Results;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * A store filled from a small simulated world (2,000 customers: ingest, Analysis.run with a holdout),
 * plus the other helpers' contract tables created with their DDL of CONTRACTS.md and filled from
 * the scores, the stored analysis results, and one user (with a token) per role.
 */
final class ServerFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    /** The segment the segment manager owns; the other one is not theirs. */
    static final String OWN = "high_value";
    static final String OTHER = "the_rest";

    final Path dir;
    final WorldOptions world;
    final RapportStore store;
    final RapportServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    final Map<Role, String> names = new EnumMap<>(Role.class);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param dir a temporary folder
     * @param contractTables whether to create the analytics/offers tables and results
     * @param options server options (port 0 is forced)
     */
    ServerFixture(Path dir, boolean contractTables, RapportServer.Options options) throws IOException {
        this(dir, contractTables, options, s -> { });
    }

    /**
     * @param dir a temporary folder
     * @param contractTables whether to create the analytics/offers tables and results
     * @param options server options (port 0 is forced)
     * @param prepare run on the store after the fixture's tables and users, before the server starts
     */
    ServerFixture(Path dir, boolean contractTables, RapportServer.Options options, java.util.function.Consumer<RapportStore> prepare)
            throws IOException {
        this.dir = dir;
        this.world = WorldOptions.withDefaults().withCustomers(2_000).withSeed(7);
        WorldSimulator.of(world).simulate(dir.resolve("world"));
        // jobs read from the import folder beside the store
        java.nio.file.Files.createDirectories(dir.resolve("import"));
        java.nio.file.Files.copy(dir.resolve("world/transactions.csv"), dir.resolve("import/transactions.csv"));
        this.store = RapportStore.open(dir.resolve("rapport.duckdb"));
        Ingestor in = Ingestor.of(store);
        in.ingest(Kind.CUSTOMERS, dir.resolve("world/customers.csv"));
        in.ingest(Kind.PRODUCTS, dir.resolve("world/products.csv"));
        in.ingest(Kind.HOUSEHOLD_LINKS, dir.resolve("world/household_links.csv"));
        in.ingest(Kind.TRANSACTIONS, dir.resolve("world/transactions.csv"));
        Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd()).withMargin(0.3), Progress.NONE);
        if (contractTables) {
            contractTables(store);
            // Memberships and their analysis, so the 360's membership card is served and checked on both paths.
            in.ingest(Kind.MEMBERSHIPS, dir.resolve("world/" + org.rapport.simulator.Memberships.FILE));
            org.rapport.analytics.subscription.Subscriptions.compute(store, org.rapport.analytics.RunContext.require(store));
        }
        try (ConnectionPool pool = new ConnectionPool(store, 1)) {
            Auth auth = new Auth(pool);
            for (Role r : Role.values()) {
                String name = r == Role.SEGMENT_MANAGER ? "sam" : r.id();
                names.put(r, name);
                auth.addUser(name, r, r == Role.SEGMENT_MANAGER ? List.of(OWN) : List.of(), PASSWORD.toCharArray());
                tokens.put(r, auth.createToken(name));
            }
        }
        if (contractTables) {
            store.update("UPDATE segments SET manager = 'sam' WHERE name = ?", OWN);
        }
        prepare.accept(store);
        this.server = RapportServer.start(store, options.withPort(0).withHost("127.0.0.1"));
    }

    /**
     * @param r a response
     * @param status the status it must have (the body is shown when it has not)
     * @return its body as JSON
     * @throws Exception if the body is not JSON
     */
    static com.fasterxml.jackson.databind.JsonNode json(java.net.http.HttpResponse<String> r, int status) throws Exception {
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return org.rapport.server.api.Json.MAPPER.readTree(r.body());
    }

    /** Creates the contract tables of CONTRACTS.md (exact DDL) and fills them from the scores. */
    static void contractTables(RapportStore store) {
        store.update("CREATE TABLE IF NOT EXISTS segments(name VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, rule VARCHAR, description VARCHAR, "
                + "manager VARCHAR, team VARCHAR, budget DOUBLE, priority INTEGER, created TIMESTAMP, updated TIMESTAMP)");
        store.update("CREATE TABLE IF NOT EXISTS customer_segment(customer_id VARCHAR PRIMARY KEY, segment VARCHAR NOT NULL)");
        store.update("CREATE TABLE IF NOT EXISTS customer_groups(customer_id VARCHAR PRIMARY KEY, relationship_group VARCHAR NOT NULL, "
                + "barnacle_action VARCHAR, clv DOUBLE, loyalty DOUBLE)");
        store.update("CREATE TABLE IF NOT EXISTS customer_wallet(customer_id VARCHAR PRIMARY KEY, wallet DOUBLE, wallet_source VARCHAR, "
                + "yearly_spend DOUBLE, share_of_wallet DOUBLE, headroom DOUBLE)");
        store.update("CREATE TABLE IF NOT EXISTS customer_offers(customer_id VARCHAR NOT NULL, rank INTEGER NOT NULL, offer_id VARCHAR NOT NULL, "
                + "product_id VARCHAR, score DOUBLE, propensity DOUBLE, value DOUBLE, source VARCHAR, reason VARCHAR NOT NULL, created TIMESTAMP)");
        store.update("INSERT INTO segments (name, kind, rule, description, manager, team, budget, priority, created, updated) VALUES (?, 'rule', 'clv > 100', 'customers worth more than 100', NULL, 'premium-desk', 5000, 1, now(), now()), "
                + "(?, 'discovered', NULL, 'everyone else', NULL, NULL, 1000, 2, now(), now())", OWN, OTHER);
        store.update("INSERT INTO customer_segment SELECT customer_id, CASE WHEN clv > 100 THEN ? ELSE ? END FROM customer_scores", OWN, OTHER);
        // the discovered segment's customers are its cluster, as a discovery writes them (a rule save assigns again)
        store.update("INSERT INTO customer_cluster SELECT customer_id, ? FROM customer_scores", OTHER);
        store.update("""
                INSERT INTO customer_groups
                SELECT customer_id,
                       CASE WHEN p_alive >= 0.5 AND clv > 100 THEN 'true_friend' WHEN p_alive >= 0.5 THEN 'barnacle'
                            WHEN clv > 100 THEN 'butterfly' ELSE 'stranger' END,
                       CASE WHEN p_alive >= 0.5 AND clv <= 100 THEN 'upsell' END, clv, expected_purchases
                FROM customer_scores""");
        store.update("""
                INSERT INTO customer_wallet (customer_id, wallet, wallet_source, yearly_spend, share_of_wallet, headroom)
                SELECT c.customer_id, c.survey_wallet, 'survey', m.total_spend, least(1, m.total_spend / nullif(c.survey_wallet, 0)),
                       greatest(0, c.survey_wallet - m.total_spend)
                FROM customers c JOIN customer_summary m ON m.customer_id = c.customer_id WHERE c.survey_wallet IS NOT NULL""");
        store.update("""
                INSERT INTO customer_offers
                SELECT customer_id, 1, 'upgrade-gold', 'P001', 0.9, 0.3, 120, 'upgrade', 'Buys the base card often: offer the gold upgrade', now()
                FROM customer_scores WHERE x >= 2
                UNION ALL
                SELECT customer_id, 2, 'cross-travel', 'P002', 0.5, 0.1, 80, 'co_purchase', 'Customers like them also bought travel insurance', now()
                FROM customer_scores WHERE x >= 1""");
        Results.save(store, "equity", null, Map.of("equity", 123456.0, "projected", List.of(Map.of("year", 1, "equity", 100000.0))));
        Results.save(store, "budget", null, Map.of("total", 6000.0, "allocation", List.of(
                Map.of("segment", OWN, "budget", 5000.0, "expectedReturn", 8000.0),
                Map.of("segment", OTHER, "budget", 1000.0, "expectedReturn", 1100.0))));
        Results.save(store, "brands", null, Map.of("handoffs", List.of(Map.of("from", "Alpha", "to", "Beta", "customers", 12)),
                "retirement", List.of(Map.of("brand", "Gamma", "reason", "small and shrinking"))));
        Results.save(store, "wallet", null, Map.of("meanShare", 0.4));
        Results.save(store, "moments", null, Map.of("moments", List.of(Map.of("event", "baby", "uplift", 1.8))));
        Results.save(store, "feedback", null, Map.of("topics", List.of(Map.of("topic", "delivery", "rating", 3.2))));
        Results.save(store, "groups", null, Map.of("note", "fixture"));
        Results.save(store, "offers-evaluation", null, Map.of("hitRate", 0.21));
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A customer of the segment manager's segment, with an e-mail and a phone. */
    Map<String, Object> customerOf(String segment) {
        return store.queryFirst("SELECT c.customer_id, c.email, c.phone FROM customers c JOIN customer_segment s USING (customer_id) "
                + "JOIN customer_scores USING (customer_id) WHERE s.segment = ? AND c.email IS NOT NULL AND c.phone IS NOT NULL "
                + "ORDER BY customer_id LIMIT 1", rs -> Map.<String, Object>of("id", rs.getString(1), "email", rs.getString(2),
                "phone", rs.getString(3)), segment).orElseThrow();
    }

    HttpResponse<String> send(String method, String path, Role as, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
        if (as != null) {
            b.header("Authorization", "Bearer " + tokens.get(as));
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, Role as) {
        return send("GET", path, as, null);
    }

    /**
     * Opens the sign-in form as a browser does.
     *
     * @return the pre-session cookie ({@code name=value}) and the form's CSRF token
     */
    String[] loginForm() {
        HttpResponse<String> form = get("/login", null);
        String set = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(SignIn.LOGIN_COOKIE + "=")).findFirst()
                .orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!m.find()) {
            throw new IllegalStateException("no _csrf field in the sign-in form");
        }
        return new String[] {set.substring(0, set.indexOf(';')), m.group(1)};
    }

    /**
     * Posts the sign-in form with its pre-session cookie and CSRF token.
     *
     * @param body the form fields but {@code _csrf}, URL-encoded
     * @return the answer
     */
    HttpResponse<String> signIn(String body) {
        String[] form = loginForm();
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + "/login")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", form[0])
                    .POST(HttpRequest.BodyPublishers.ofString(body + "&_csrf=" + form[1])).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        store.close();
    }
}
