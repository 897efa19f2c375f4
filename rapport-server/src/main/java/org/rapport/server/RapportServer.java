package org.rapport.server;

import org.rapport.server.api.Json;

import org.rapport.server.api.ApiError;

import org.rapport.server.auth.User;

import org.rapport.server.api.Api;
import org.rapport.server.api.Endpoint;
import org.rapport.server.api.JobsApi;
import org.rapport.server.api.OpenApi;
import org.rapport.server.api.UsersApi;
import org.rapport.server.auth.Assignments;
import org.rapport.server.auth.Auth;
import org.rapport.server.auth.Gate;
import org.rapport.server.auth.UserAdmin;
import org.rapport.server.jobs.ImportFolder;
import org.rapport.server.jobs.BatchRunner;
import org.rapport.server.jobs.Jobs;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.rapport.store.ConnectionPool;
import org.rapport.server.segment.SegmentRules;
import org.rapport.server.segment.RuleLanguage;
import org.rapport.server.segment.SegmentService;
import org.rapport.server.segment.TableSegmentService;
import org.rapport.store.RapportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Rapport server: the REST API under {@code /api/v1}, its OpenAPI document, and the dashboard,
 * on Javalin (Jetty 12) over one open store. Every route comes from the route table
 * ({@link #endpoints()}): authentication (bearer token or session cookie), the role check, CSRF on
 * state-changing cookie requests, JSON errors, one log line per request.
 */
public final class RapportServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("rapport.http");
    /** The largest upload, in GiB. */
    public static final long MAX_UPLOAD_GB = 8;
    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "rapport_session";
    /** The Content-Security-Policy of every response: nothing from outside, no inline script. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /**
     * How to run the server.
     *
     * @param host the interface to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the port; 0 picks a free one
     * @param pool database connections for requests
     * @param queues service-desk queue per segment name (others: the segment's team, else {@code segment:NAME})
     * @param batch what an analyze job runs after ingest (the CLI plugs in its batch job)
     * @param rules the rule language of segment writes, built on the pool
     * @param secureCookies mark the session cookie Secure on every request (else only on HTTPS requests)
     * @param importDir the folder jobs read from and uploads go to; null for {@code import} beside the store
     * @param clientTimeout the longest a client may stay silent or take to send a request's headers
     * @param currency the dashboard's currency: a symbol ({@code €}) written before amounts, a code ({@code EUR}) after
     *     them, empty for none; null for {@code -Drapport.currency} or {@code RAPPORT_CURRENCY}, else none
     */
    public record Options(String host, int port, int pool, Map<String, String> queues, BatchRunner batch,
                          Function<ConnectionPool, RuleLanguage> rules, boolean secureCookies, java.nio.file.Path importDir,
                          java.time.Duration clientTimeout, String currency) {
        /** The default {@link #clientTimeout}. */
        public static final java.time.Duration CLIENT_TIMEOUT = java.time.Duration.ofSeconds(30);

        /** @return defaults: 127.0.0.1:7070, 8 connections, no queues configured, the pipeline alone, {@link SegmentRules}, 30 s */
        public static Options defaults() {
            return new Options("127.0.0.1", 7070, 8, Map.of(), BatchRunner.PIPELINE, SegmentRules::new, false, null, CLIENT_TIMEOUT, null);
        }

        /** @param h host @return a copy */
        public Options withHost(String h) {
            return new Options(h, port, pool, queues, batch, rules, secureCookies, importDir, clientTimeout, currency);
        }

        /** @param p port @return a copy */
        public Options withPort(int p) {
            return new Options(host, p, pool, queues, batch, rules, secureCookies, importDir, clientTimeout, currency);
        }

        /** @param q queue per segment @return a copy */
        public Options withQueues(Map<String, String> q) {
            return new Options(host, port, pool, Map.copyOf(q), batch, rules, secureCookies, importDir, clientTimeout, currency);
        }

        /** @param b what an analyze job runs after ingest @return a copy */
        public Options withBatch(BatchRunner b) {
            return new Options(host, port, pool, queues, b, rules, secureCookies, importDir, clientTimeout, currency);
        }

        /** @param r the rule language @return a copy */
        public Options withRules(Function<ConnectionPool, RuleLanguage> r) {
            return new Options(host, port, pool, queues, batch, r, secureCookies, importDir, clientTimeout, currency);
        }

        /** @param secure mark cookies Secure (always, not only behind HTTPS) @return a copy */
        public Options withSecureCookies(boolean secure) {
            return new Options(host, port, pool, queues, batch, rules, secure, importDir, clientTimeout, currency);
        }

        /** @param n pool size @return a copy */
        public Options withPool(int n) {
            return new Options(host, port, n, queues, batch, rules, secureCookies, importDir, clientTimeout, currency);
        }

        /** @param dir the import folder, or null for {@code import} beside the store @return a copy */
        public Options withImportDir(java.nio.file.Path dir) {
            return new Options(host, port, pool, queues, batch, rules, secureCookies, dir, clientTimeout, currency);
        }

        /** @param c the dashboard's currency (symbol or code; empty for none) @return a copy */
        public Options withCurrency(String c) {
            return new Options(host, port, pool, queues, batch, rules, secureCookies, importDir, clientTimeout, c);
        }

        /** @param t the slow-client timeout @return a copy */
        public Options withClientTimeout(java.time.Duration t) {
            return new Options(host, port, pool, queues, batch, rules, secureCookies, importDir, t, currency);
        }

    }

    private final ConnectionPool db;
    private final Auth auth;
    private final Data data;
    private final ContactRouter router;
    private final Jobs jobs;
    private final ImportFolder imports;
    private final java.time.Duration clientTimeout;
    private SlowClients slowClients;
    private final SegmentService segments;
    private final Assignments assignments;
    private final Gate gate;
    private final List<Endpoint> endpoints;
    private final List<String> registered = Collections.synchronizedList(new ArrayList<>());
    private final Javalin app;
    private final java.util.concurrent.CountDownLatch warm = new java.util.concurrent.CountDownLatch(1);

    private RapportServer(RapportStore store, Options options) {
        this.db = new ConnectionPool(store, options.pool());
        this.auth = new Auth(db);
        this.data = new Data(db);
        this.router = new ContactRouter(db, options.queues());
        this.assignments = new Assignments(db);
        this.gate = new Gate(auth, assignments);
        this.jobs = new Jobs(store, db, options.batch(), () -> {
            router.reload();
            data.reloadCache();
            assignments.reload();
        });
        this.segments = new TableSegmentService(db, auth, options.rules().apply(db), () -> {
            data.segmentsChanged();
            router.reloadTeams();
            assignments.reload();
        });
        this.imports = new ImportFolder(options.importDir() != null ? options.importDir() : ImportFolder.besideStore(store));
        this.clientTimeout = options.clientTimeout();
        List<Endpoint> all = new ArrayList<>();
        all.addAll(new Api(data, auth, router, segments).endpoints());
        all.addAll(new JobsApi(jobs, imports, auth, db).endpoints());
        all.addAll(new UsersApi(new UserAdmin(db, auth), assignments).endpoints());
        all.addAll(new Pages(data, auth, router, segments, options.secureCookies(),
                options.currency() == null ? org.rapport.server.web.Format.fromEnvironment() : new org.rapport.server.web.Format(options.currency()),
                jobs, imports, new UserAdmin(db, auth), assignments).endpoints());
        all.add(new Endpoint("GET", "/api/openapi.json", java.util.Set.of(), false, "meta", "This OpenAPI 3 document",
                ctx -> ctx.contentType("application/json").result(OpenApi.document(endpoints()))));
        this.endpoints = List.copyOf(all);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.jetty.modifyServer(s -> s.setStopTimeout(10_000));
            config.jetty.modifyHttpConfiguration(h -> h.setIdleTimeout(options.clientTimeout().toMillis()));
            // uploads are written to the import folder's disk as they arrive (never whole in memory)
            config.jetty.multipartConfig.cacheDirectory(imports.incoming().toString());
            config.jetty.multipartConfig.maxInMemoryFileSize(1, io.javalin.config.SizeUnit.MB);
            config.jetty.multipartConfig.maxFileSize(MAX_UPLOAD_GB, io.javalin.config.SizeUnit.GB);
            config.jetty.multipartConfig.maxTotalRequestSize(MAX_UPLOAD_GB, io.javalin.config.SizeUnit.GB);
            config.staticFiles.enableWebjars();
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/org/rapport/server/static";
                sf.location = Location.CLASSPATH;
            });
            config.events.handlerAdded(info -> registered.add(info.getHttpMethod() + " " + info.getPath()));
            config.requestLogger.http((ctx, ms) -> {
                User u = ctx.attribute("user");
                LOG.info(String.format(Locale.ROOT, "method=%s path=%s status=%d ms=%.2f user=%s", ctx.method(), ctx.path(),
                        ctx.statusCode(), ms, u == null ? "-" : u.name()));
            });
            config.routes.before(ctx -> {
                ctx.header("Content-Security-Policy", CSP);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
                ctx.header("Referrer-Policy", "no-referrer");
            });
            for (Endpoint e : endpoints) {
                config.routes.addHttpHandler(HandlerType.findOrCreate(e.method()), e.path(), ctx -> gate.handle(e, ctx));
            }
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("failure on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error: " + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute("rapport.error") == null) {
                    List<String> allowed = allowedMethods(ctx.path());
                    if (!allowed.isEmpty()) {
                        ctx.header("Allow", String.join(", ", allowed));
                        error(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path() + " (allowed: " + String.join(", ", allowed) + ")");
                    } else {
                        signedIn(ctx);
                        error(ctx, 404, Pages.wantsHtml(ctx) ? "There is no page " + ctx.path() + "." : "no route " + ctx.method() + " " + ctx.path());
                    }
                }
            });
            config.routes.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path()));
        });
    }

    /**
     * Creates and starts a server on an open store.
     *
     * @param store the store (stays open; the caller closes it after {@link #stop()})
     * @param options the options
     * @return the running server
     */
    public static RapportServer start(RapportStore store, Options options) {
        RapportServer s = new RapportServer(store, options);
        s.app.start();
        s.slowClients = SlowClients.apply(s.app.jettyServer().server(), s.clientTimeout);
        // The 360's tables are copied into memory in the background; until then the 360 reads the store.
        Thread warm = new Thread(() -> {
            try {
                LOG.info("customer cache loaded: {}", s.data.reloadCache());
            } catch (RuntimeException e) {
                LOG.error("customer cache not loaded; the customer 360 reads the store", e);
            } finally {
                s.warm.countDown();
            }
        }, "rapport-cache");
        warm.setDaemon(true);
        warm.start();
        LOG.info("rapport server on http://{}:{} ({} routes, {} customers routable; garbage collector {})", options.host(), s.port(),
                s.endpoints.size(), s.router.counts().get("customers"), collector());
        if (!lowPauseCollector()) {
            LOG.warn("the customer 360 is kept in the heap (about 1 GB per million customers); with this collector pauses of"
                    + " up to 0.7 s were measured at a million customers: run the JVM with -XX:+UseZGC (bin/rapport serve does)");
        }
        return s;
    }

    /** @return the names of the JVM's garbage collectors */
    static String collector() {
        return String.join(", ", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
    }

    /** @return whether the JVM runs a collector whose pauses do not grow with the heap (ZGC, Shenandoah) */
    static boolean lowPauseCollector() {
        String c = collector();
        return c.contains("ZGC") || c.contains("Shenandoah");
    }

    /**
     * Waits until the first copy of the customer cache is loaded (or failed: the 360 then reads the store).
     *
     * @param timeout the longest wait
     * @return the cache's figures, or empty if it is not loaded
     * @throws InterruptedException if interrupted
     */
    public Optional<Map<String, Object>> awaitCache(java.time.Duration timeout) throws InterruptedException {
        warm.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return data.cacheStats();
    }

    /** @return the port it listens on */
    public int port() {
        return app.port();
    }

    /** @return the route table */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** @return every HTTP handler Javalin registered, as {@code METHOD path} (for tests against the route table) */
    public List<String> registeredHandlers() {
        synchronized (registered) {
            return List.copyOf(registered);
        }
    }

    /** @return the users, tokens, sessions and audit log */
    public Auth auth() {
        return auth;
    }

    /** @return the contact router */
    public ContactRouter router() {
        return router;
    }

    /** @return the folder jobs read from and uploads go to */
    public ImportFolder imports() {
        return imports;
    }

    /** @return the jobs */
    public Jobs jobs() {
        return jobs;
    }

    /** Stops Jetty gracefully (in-flight requests finish, up to 10 s), then the job thread and the pool. */
    public void stop() {
        if (slowClients != null) {
            slowClients.close();
        }
        app.stop();
        jobs.close();
        db.close();
        LOG.info("rapport server stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * @param path a request path
     * @return the methods of the routes whose path matches it (a wrong method on a known path is 405), in order
     */
    List<String> allowedMethods(String path) {
        List<String> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (!out.contains(e.method()) && pathPattern(e.path()).matcher(path).matches()) {
                out.add(e.method());
            }
        }
        return out;
    }

    private final Map<String, java.util.regex.Pattern> patterns = new java.util.concurrent.ConcurrentHashMap<>();

    private java.util.regex.Pattern pathPattern(String path) {
        return patterns.computeIfAbsent(path, p -> java.util.regex.Pattern.compile(
                java.util.Arrays.stream(p.split("/", -1)).map(seg -> seg.startsWith("{") && seg.endsWith("}") ? "[^/]+"
                        : java.util.regex.Pattern.quote(seg)).collect(java.util.stream.Collectors.joining("/"))));
    }

    /** Makes the signed-in user known to an error page outside any route (a 404), for its navigation. */
    private void signedIn(Context ctx) {
        if (ctx.attribute("user") == null && Pages.wantsHtml(ctx)) {
            auth.session(ctx.cookie(SESSION_COOKIE)).ifPresent(s -> {
                ctx.attribute("user", assignments.effective(s.user()));
                ctx.attribute("session", s);
            });
        }
    }

    /**
     * Answers an error: JSON {@code {"error", "status"}} for the API and other clients, an HTML page with
     * the navigation for a browser asking for a page ({@link Pages#wantsHtml}).
     *
     * @param ctx the request
     * @param status the status
     * @param message the message
     */
    static void error(Context ctx, int status, String message) {
        ctx.attribute("rapport.error", Boolean.TRUE);
        if (Pages.wantsHtml(ctx)) {
            Auth.Session session = ctx.attribute("session");
            Pages.errorPage(ctx, status, message, ctx.attribute("user"), session == null ? "" : session.csrf());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", Printable.text(message));
        body.put("status", status);
        ctx.attribute("rapport.error", Boolean.TRUE);
        try {
            ctx.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.status(status).result("{\"error\":\"internal\",\"status\":" + status + "}");
        }
    }
}
