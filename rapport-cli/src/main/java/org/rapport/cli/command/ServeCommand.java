package org.rapport.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rapport.cli.io.InputException;

import org.rapport.cli.job.BatchJob;
import org.rapport.server.jobs.BatchRunner;
import org.rapport.server.RapportServer;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rapport serve}: the REST API and the dashboard on the store, until stopped (Ctrl-C / SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the REST API (/api/v1, OpenAPI at /api/openapi.json) and the dashboard on the store.",
            "Sign in with users made by 'rapport users add'. Stops gracefully on Ctrl-C or SIGTERM."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped", "2:bad option, queue file or database in use"})
public final class ServeCommand extends StoreCommand {

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    private String host;

    @Option(names = "--queues", paramLabel = "FILE", description = "Service-desk queue per segment: a properties file of SEGMENT=QUEUE lines.")
    private Path queues;

    @Option(names = "--pool", paramLabel = "N", defaultValue = "8", description = "Database connections for requests (default: ${DEFAULT-VALUE}).")
    private int pool;

    @Option(names = "--import-dir", paramLabel = "DIR", description = {"The only folder jobs read from and uploads go to",
        "(default: 'import' beside the store; created if missing). Jobs name files relative to it."})
    private Path importDir;

    @Option(names = "--client-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Close a connection silent this long, or whose request headers take longer (default: ${DEFAULT-VALUE}).")
    private int clientTimeout;

    @Option(names = "--secure-cookies", description = {"Mark the session cookies Secure on every request (serve behind HTTPS).",
        "Without it they are Secure only on requests that came over HTTPS (X-Forwarded-Proto: https)."})
    private boolean secureCookies;

    @Option(names = "--currency", paramLabel = "CODE", description = {"The dashboard's currency: an ISO 4217 code (EUR, USD, GBP),",
        "written after amounts, or a symbol of one or two characters (€, $), written before them. Default: -Drapport.currency,",
        "else RAPPORT_CURRENCY, else none."})
    private String currency;

    /**
     * What an analyze job of the server runs after ingest: the batch job of {@code rapport analyze}
     * (pipeline, segments, wallet, groups, equity, brands, moments, feedback, offers, and their report
     * sections, under one run journal).
     *
     * @return the runner
     */
    static BatchRunner batch() {
        return (store, options, job, progress) -> BatchJob.run(store, options, job, progress).run().runId();
    }

    /**
     * @param file a properties file of SEGMENT=QUEUE lines
     * @return the queue per segment
     * @throws InputException if the file cannot be read or a queue is empty
     */
    static Map<String, String> readQueues(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new InputException(file, "cannot read the queue file: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String segment : p.stringPropertyNames()) {
            String q = p.getProperty(segment).strip();
            if (q.isEmpty()) {
                throw new InputException(file, "the queue of segment '" + segment + "' is empty");
            }
            out.put(segment, q);
        }
        return out;
    }

    /**
     * @param c the {@code --currency} value
     * @throws IllegalArgumentException unless it is an ISO 4217 code or a symbol of one or two characters that are not letters or digits
     */
    static void checkCurrency(String c) {
        String t = c.strip();
        if (t.length() == 3 && t.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z')) {
            try {
                java.util.Currency.getInstance(t);
                return;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--currency " + t + " is not an ISO 4217 currency code (EUR, USD, GBP, ...)");
            }
        }
        if (t.isEmpty() || t.length() > 2 || t.codePoints().anyMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("--currency '" + c + "': give an ISO 4217 code (EUR, USD) or a symbol of one or two characters (€, $)");
        }
    }

    /**
     * What another command is told when it finds the store held by this server: who holds it, and the
     * dashboard pages where the common writes are done while it runs (docs/server.md, "One store for CLI and server").
     *
     * @param host the interface
     * @param port the port
     * @param pid this process
     * @return one line
     */
    static String holder(String host, int port, long pid) {
        String url = "http://" + ("0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host) + ":" + port;
        return String.format(java.util.Locale.ROOT, "rapport serve at %s (pid %d); while it runs, do the writes in its dashboard: analyze on"
                + " %s/jobs, budget allocate and segment rules, descriptions and budgets on %s/workspace, users on %s/users", url, pid, url, url,
                url);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port " + port + " is not a port (0..65535)");
        }
        if (pool < 1 || pool > 64) {
            throw new IllegalArgumentException("--pool " + pool + " is outside 1..64");
        }
        if (clientTimeout < 1 || clientTimeout > 3600) {
            throw new IllegalArgumentException("--client-timeout " + clientTimeout + " is outside 1..3600 seconds");
        }
        if (currency != null) {
            checkCurrency(currency);
        }
        Map<String, String> q = queues == null ? Map.of() : readQueues(queues);
        PrintWriter out = spec.commandLine().getOut();
        RapportStore s = store.openExisting();
        RapportServer server;
        try {
            server = RapportServer.start(s, RapportServer.Options.defaults().withHost(host).withPort(port).withPool(pool)
                    .withQueues(q).withBatch(batch()).withSecureCookies(secureCookies).withImportDir(importDir)
                    .withClientTimeout(java.time.Duration.ofSeconds(clientTimeout)).withCurrency(currency));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            s.close();
            stopped.countDown();
        }, "rapport-shutdown"));
        out.printf("rapport serving %s on http://%s:%d (Ctrl-C stops); jobs read from %s%n", store.db(), host, server.port(),
                server.imports().root());
        s.announceHolder(holder(host, server.port(), ProcessHandle.current().pid()));
        out.flush();
        stopped.await();
        return 0;
    }
}
