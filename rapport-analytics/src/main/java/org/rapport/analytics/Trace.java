package org.rapport.analytics;

/** Temporary phase timing (system property rapport.analytics.trace). */
public final class Trace {
    private static final boolean ON = System.getProperty("rapport.analytics.trace") != null;
    private static long last = System.nanoTime();

    private Trace() {
    }

    /** @param what the phase that just ended */
    public static void mark(String what) {
        long now = System.nanoTime();
        if (ON) {
            System.out.printf("  trace %-28s %6.2f s%n", what, (now - last) / 1e9);
        }
        last = now;
    }
}
