package org.rapport.bench.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lean open-loop HTTP/1.1 load generator, in the manner of wrk2: one scheduler thread releases
 * request numbers at a fixed rate into a queue; a fixed set of keep-alive connections, one thread
 * each, take them and send the request with a plain socket (no HTTP client library, so the
 * generator's own CPU per request is small and the figures are the server's). Each latency runs
 * from the request's scheduled time, so a stalled server counts in full (no coordinated omission):
 * when every connection is busy the request waits in the queue and that wait is part of its latency.
 *
 * <p>Run in the server's JVM by {@link ServerBench}, or in a JVM of its own:
 * <pre>java -cp ... org.rapport.bench.server.LoadClient PORT TOKEN CONTACTS_FILE RATE SECONDS CONNECTIONS MIX WARMUP_SECONDS</pre>
 * where CONTACTS_FILE holds one {@code customer_id<TAB>email<TAB>phone} per line.
 */
public final class LoadClient {
    /** The line {@link #main} prints when the warm-up is over and the measured run starts. */
    public static final String MEASURING = "measuring";

    private final int port;
    private final String token;
    private final List<String[]> contacts;
    private final String mix;

    /**
     * @param port the server's port on 127.0.0.1
     * @param token a bearer token
     * @param contacts customer id, e-mail and phone of the customers to ask for
     * @param mix {@code mix} (half route, half 360), {@code route} or {@code c360}
     */
    public LoadClient(int port, String token, List<String[]> contacts, String mix) {
        this.port = port;
        this.token = token;
        this.contacts = List.copyOf(contacts);
        this.mix = mix;
    }

    /**
     * Latencies of one run, in microseconds from each request's scheduled time.
     *
     * @param route the route requests'
     * @param c360 the 360 requests'
     * @param errors requests that failed or did not answer 200
     * @param seconds the run's length
     */
    public record Outcome(long[] route, long[] c360, long errors, double seconds) {
        /** @return a report of rates and quantiles */
        public String report(int rate, int connections) {
            int n = route.length + c360.length;
            return String.format(Locale.ROOT, "%,d requests in %.1f s (%.0f req/s, offered %d/s), %d errors, %d connections%n%s%s",
                    n, seconds, n / seconds, rate, errors, connections, line("POST /api/v1/route", route),
                    line("GET /api/v1/customers/{id}", c360));
        }

        private static String line(String name, long[] us) {
            long[] s = us.clone();
            Arrays.sort(s);
            if (s.length == 0) {
                return name + ": no requests\n";
            }
            return String.format(Locale.ROOT, "%-28s n=%,d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.1f ms%n", name,
                    s.length, q(s, 0.50), q(s, 0.90), q(s, 0.99), q(s, 0.999), s[s.length - 1] / 1000.0);
        }

        private static double q(long[] sorted, double p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1000.0;
        }
    }

    /**
     * Sends {@code rate × seconds} requests at a fixed rate over {@code connections} keep-alive connections.
     *
     * @param rate requests per second
     * @param seconds length of the run
     * @param connections connections (and threads)
     * @return the latencies
     * @throws InterruptedException if interrupted
     */
    public Outcome run(int rate, int seconds, int connections) throws InterruptedException {
        int n = rate * seconds;
        long[] due = new long[n];
        long[] latency = new long[n];
        boolean[] isRoute = new boolean[n];
        AtomicLong errors = new AtomicLong();
        BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(n + connections);
        CountDownLatch done = new CountDownLatch(connections);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> work(queue, due, latency, errors, done), "load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        for (int k = 0; k < n; k++) {
            due[k] = start + k * period;
            isRoute[k] = routeRequest(k);
            long wait = due[k] - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            queue.add(k);
        }
        for (int c = 0; c < connections; c++) {
            queue.add(-1);
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            threads.forEach(Thread::interrupt);
        }
        double took = (System.nanoTime() - start) / 1e9;
        return outcome(isRoute, latency, errors.get(), took);
    }

    /** One connection's thread: takes request numbers until a negative one, records each latency from its due time. */
    private void work(BlockingQueue<Integer> queue, long[] due, long[] latency, AtomicLong errors, CountDownLatch done) {
        Connection conn = null;
        try {
            while (true) {
                int k = queue.take();
                if (k < 0) {
                    break;
                }
                try {
                    if (conn == null) {
                        conn = new Connection(port);
                    }
                    int status = conn.exchange(request(k));
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    if (conn != null) {
                        conn.close();
                    }
                    conn = null;
                }
                latency[k] = (System.nanoTime() - due[k]) / 1000;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (conn != null) {
                conn.close();
            }
            done.countDown();
        }
    }

    /** The latencies split by route. */
    private static Outcome outcome(boolean[] isRoute, long[] latency, long errors, double took) {
        int n = isRoute.length;
        int routes = 0;
        for (boolean r : isRoute) {
            routes += r ? 1 : 0;
        }
        long[] route = new long[routes];
        long[] c360 = new long[n - routes];
        int a = 0;
        int b = 0;
        for (int k = 0; k < n; k++) {
            if (isRoute[k]) {
                route[a++] = latency[k];
            } else {
                c360[b++] = latency[k];
            }
        }
        return new Outcome(route, c360, errors, took);
    }

    private boolean routeRequest(int k) {
        return mix.equals("route") || mix.equals("mix") && (k & 1) == 0;
    }

    private byte[] request(int k) {
        String[] c = contacts.get(k % contacts.size());
        String text;
        if (routeRequest(k)) {
            String body = switch ((k / 2) % 3) {
                case 0 -> "{\"customerId\": \"" + c[0] + "\"}";
                case 1 -> "{\"email\": \"" + c[1] + "\"}";
                default -> "{\"phone\": \"" + c[2] + "\"}";
            };
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            text = "POST /api/v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n" + body;
        } else {
            text = "GET /api/v1/customers/" + c[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One keep-alive HTTP/1.1 connection: writes a request, reads the whole response (length or chunked). */
    static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        /** @return the response's status; the body is read and dropped */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new IOException("response without length");
            }
            if (close) {
                throw new IOException("server closed the connection");
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long s = in.skip(n);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-response");
                    }
                    s = 1;
                }
                n -= s;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int ch;
            while ((ch = in.read()) >= 0) {
                if (ch == '\n') {
                    int len = b.length();
                    if (len > 0 && b.charAt(len - 1) == '\r') {
                        b.setLength(len - 1);
                    }
                    return b.toString();
                }
                b.append((char) ch);
            }
            throw new IOException("connection closed");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * Runs a warm-up and a measured run against a server already running.
     *
     * @param args PORT TOKEN CONTACTS_FILE RATE SECONDS CONNECTIONS MIX WARMUP_SECONDS
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            System.err.println("usage: LoadClient PORT TOKEN CONTACTS_FILE RATE SECONDS CONNECTIONS MIX WARMUP_SECONDS");
            System.exit(2);
        }
        List<String[]> contacts = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(args[2]))) {
            contacts.add(l.split("\t", -1));
        }
        LoadClient client = new LoadClient(Integer.parseInt(args[0]), args[1], contacts, args[6]);
        int rate = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[5]);
        client.run(rate, Integer.parseInt(args[7]), connections);
        System.out.println(MEASURING);
        System.out.flush();
        System.out.print(client.run(rate, Integer.parseInt(args[4]), connections).report(rate, connections));
    }
}
