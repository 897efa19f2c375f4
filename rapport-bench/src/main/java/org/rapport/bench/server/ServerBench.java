package org.rapport.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rapport.server.auth.Auth;
import org.rapport.store.ConnectionPool;
import org.rapport.server.RapportServer;
import org.rapport.server.auth.Role;
import org.rapport.store.RapportStore;

/**
 * Load benchmark of the service desk's two hot routes on loopback: {@code POST /api/v1/route} (by
 * customer id, e-mail and phone in turn) and {@code GET /api/v1/customers/{id}} (the 360). An
 * open-loop generator sends requests at a fixed rate from a fixed thread pool; each latency is
 * measured from the request's scheduled start, so a stalled server is not hidden (no coordinated
 * omission). Prints p50, p90, p99 and max per route.
 *
 * <pre>java -cp ... org.rapport.bench.server.ServerBench DB_FILE [RATE_PER_S=1000] [SECONDS=30] [THREADS=64] [MIX=mix|route|c360] [CLIENT=fork|raw]</pre>
 *
 * The store must hold customers and scores ({@code rapport analyze}); a user {@code bench} (cco) with
 * a fresh token is added if missing. The server runs in this JVM, on a free port. The generator
 * ({@code CLIENT}): {@code fork} (default) runs {@link LoadClient} (plain sockets, THREADS keep-alive
 * connections) in a second JVM, as wrk would, so the server's JVM holds the server only and its CPU
 * time per request is reported; {@code raw} runs {@link LoadClient} in this JVM.
 */
public final class ServerBench {
    private ServerBench() {
    }

    /** @param args DB_FILE [RATE] [SECONDS] [THREADS] @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ServerBench DB_FILE [RATE_PER_S=1000] [SECONDS=30] [THREADS=64] [MIX=mix|route|c360] [CLIENT=fork|raw]");
            System.exit(2);
        }
        Path db = Path.of(args[0]);
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        String mix = args.length > 4 ? args[4] : "mix";
        if (!List.of("mix", "route", "c360").contains(mix)) {
            throw new IllegalArgumentException("MIX must be mix, route or c360, not " + mix);
        }
        String client = args.length > 5 ? args[5] : "fork";
        if (!List.of("fork", "raw").contains(client)) {
            throw new IllegalArgumentException("CLIENT must be fork or raw, not " + client);
        }
        try (RapportStore store = RapportStore.open(db)) {
            String token;
            List<String[]> contacts = new ArrayList<>();
            try (ConnectionPool pool = new ConnectionPool(store, 1)) {
                Auth auth = new Auth(pool);
                if (auth.user("bench").isEmpty()) {
                    auth.addUser("bench", Role.CCO, List.of(), null);
                }
                token = auth.createToken("bench");
                // 10,000 random scored customers with their e-mail and phone.
                contacts.addAll(pool.query("SELECT s.customer_id, c.email, c.phone FROM customer_scores s "
                        + "JOIN customers c ON c.customer_id = s.customer_id WHERE c.email IS NOT NULL AND c.phone IS NOT NULL "
                        + "ORDER BY hash(s.customer_id) LIMIT 10000", rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}));
                System.out.printf(Locale.ROOT, "store %s: %,d scored customers; %,d sampled contacts%n", db,
                        pool.queryLong("SELECT count(*) FROM customer_scores"), contacts.size());
            }
            long t0 = System.nanoTime();
            RapportServer server = RapportServer.start(store, RapportServer.Options.defaults().withPort(0).withPool(Math.min(16, threads)));
            System.out.printf(Locale.ROOT, "server start (lookup maps loaded) %.1f s%n", (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "customer cache %s after %.1f s%n", server.awaitCache(Duration.ofMinutes(10)).orElseThrow(),
                    (System.nanoTime() - t0) / 1e9);
            try {
                int warmup = Math.min(10, seconds);
                if (client.equals("raw")) {
                    LoadClient load = new LoadClient(server.port(), token, contacts, mix);
                    load.run(rate, warmup, threads);
                    Cpu cpu = Cpu.start();
                    System.out.print(load.run(rate, seconds, threads).report(rate, threads));
                    cpu.print(rate * seconds, "server and generator");
                } else {
                    fork(server.port(), token, contacts, rate, seconds, warmup, threads, mix);
                }
            } finally {
                server.stop();
            }
        }
    }

    /** Process CPU time (all threads of this JVM, DuckDB's included) over a measured run. */
    private record Cpu(long cpu0, long wall0) {
        static Cpu start() {
            return new Cpu(OS.getProcessCpuTime(), System.nanoTime());
        }

        void print(int requests, String who) {
            double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(Locale.ROOT, "CPU of %s: %.1f s over %.1f s (%.2f cores), %.0f µs per request; load average %.2f%n", who, cpu,
                    wall, cpu / wall, cpu * 1e6 / requests, OS.getSystemLoadAverage());
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Runs {@link LoadClient} in a second JVM on the same class path; warm-up and measured run are timed there. */
    private static void fork(int port, String token, List<String[]> contacts, int rate, int seconds, int warmup, int connections,
                             String mix) throws IOException, InterruptedException {
        Path file = Files.createTempFile("rapport-bench-contacts", ".tsv");
        try {
            List<String> lines = new ArrayList<>();
            for (String[] c : contacts) {
                lines.add(String.join("\t", c));
            }
            Files.write(file, lines);
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    LoadClient.class.getName(), String.valueOf(port), token, file.toString(), String.valueOf(rate),
                    String.valueOf(seconds), String.valueOf(connections), mix, String.valueOf(warmup))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            // the server's CPU over the measured run only: the client says when the warm-up is over
            Cpu cpu = null;
            try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals(LoadClient.MEASURING)) {
                        cpu = Cpu.start();
                    } else {
                        System.out.println(line);
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0 || cpu == null) {
                throw new IllegalStateException("load client exited with " + code);
            }
            cpu.print(rate * seconds, "the server (generator in its own JVM)");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
