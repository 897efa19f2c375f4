package org.rapport.server;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off slow clients. Jetty's idle timeout ({@link #apply}) closes a connection on which nothing
 * arrives for the timeout; a client that trickles its request line and headers a byte at a time
 * (slowloris) is never idle, so a sweep, {@value #SWEEPS_PER_TIMEOUT} times per timeout, closes every
 * connection that has been inside one request's headers for longer than the timeout. A request whose
 * headers are complete (a large upload, a slow job submission) is not cut by the sweep.
 */
final class SlowClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("rapport.http");
    static final int SWEEPS_PER_TIMEOUT = 4;

    private final Server server;
    private final long timeoutNanos;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-slow-clients");
        t.setDaemon(true);
        return t;
    });

    /** When a connection was first seen inside the headers of its request number {@code messages}. */
    private record InHeaders(long messages, long since) {
    }

    private final Map<EndPoint, InHeaders> seen = new ConcurrentHashMap<>();

    private SlowClients(Server server, Duration timeout) {
        this.server = server;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Sets the idle timeout on the server's connectors and starts the sweep.
     *
     * @param server the started Jetty server
     * @param timeout the longest a client may stay silent, or take to send a request's headers
     * @return the sweep (close it when the server stops)
     */
    static SlowClients apply(Server server, Duration timeout) {
        for (Connector c : server.getConnectors()) {
            if (c instanceof AbstractConnector a) {
                a.setIdleTimeout(timeout.toMillis());
            }
        }
        SlowClients s = new SlowClients(server, timeout);
        long period = Math.max(50, timeout.toMillis() / SWEEPS_PER_TIMEOUT);
        s.sweeper.scheduleWithFixedDelay(s::sweep, period, period, TimeUnit.MILLISECONDS);
        return s;
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            Set<EndPoint> live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Connector c : server.getConnectors()) {
                for (EndPoint e : c.getConnectedEndPoints()) {
                    live.add(e);
                    if (!(e.getConnection() instanceof HttpConnection h)) {
                        continue;
                    }
                    HttpParser.State state = h.getParser().getState();
                    boolean inHeaders = state.ordinal() > HttpParser.State.START.ordinal() && state.ordinal() <= HttpParser.State.HEADER.ordinal();
                    if (!inHeaders) {
                        seen.remove(e);
                        continue;
                    }
                    InHeaders was = seen.get(e);
                    if (was == null || was.messages() != h.getMessagesIn()) {
                        seen.put(e, new InHeaders(h.getMessagesIn(), now));
                    } else if (now - was.since() > timeoutNanos) {
                        LOG.info("closing a connection from {}: its request headers took longer than {} s", e.getRemoteSocketAddress(),
                                timeoutNanos / 1_000_000_000L);
                        seen.remove(e);
                        e.close();
                    }
                }
            }
            seen.keySet().retainAll(live);
        } catch (RuntimeException e) {
            LOG.warn("the sweep for slow clients failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
