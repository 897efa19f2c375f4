package org.rapport.server.auth;

import org.rapport.store.ConnectionPool;
import org.rapport.server.api.ApiError;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sign-in throttling kept in the table {@code sign_in_failures} (V003), so a restart forgets nothing:
 * after {@value #MAX_PER_NAME} failed sign-ins for a user name, or {@value #MAX_PER_CLIENT} from one
 * client address, within {@link #WINDOW}, that name or address is refused for {@link #WINDOW}, even
 * with the right password. A successful sign-in clears the name's count only: the address's count
 * goes on, so an attacker cannot reset it by signing in to an account of their own between guesses.
 */
public final class Throttle {
    /** Failed sign-ins allowed per user name within {@link #WINDOW}. */
    public static final int MAX_PER_NAME = 5;
    /** Failed sign-ins allowed per client address within {@link #WINDOW} (an office shares one address). */
    public static final int MAX_PER_CLIENT = 20;
    /** How long failures are remembered, and how long a name or address is locked out after too many. */
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final ConnectionPool db;
    private final Clock clock;

    /** @param db the pool @param clock the time (tests move it) */
    Throttle(ConnectionPool db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private record Row(int failures, Instant since, Instant lockedUntil) {
    }

    private static String[] keys(String name, String client) {
        return new String[] {"name:" + name.toLowerCase(Locale.ROOT), "client:" + client};
    }

    private Optional<Row> row(String key) {
        return db.queryFirst("SELECT failures, since, locked_until FROM sign_in_failures WHERE key = ?", rs -> {
            Timestamp locked = rs.getTimestamp(3);
            return new Row(rs.getInt(1), rs.getTimestamp(2).toInstant(), locked == null ? null : locked.toInstant());
        }, key);
    }

    /**
     * Checks a sign-in with throttling.
     *
     * @param name the user name
     * @param client the client's address
     * @param check the password check, run only when neither the name nor the address is locked
     * @return the user if the check passed
     * @throws ApiError 429 while the name or the address is locked out
     */
    synchronized Optional<User> signIn(String name, String client, Supplier<Optional<User>> check) {
        Instant now = clock.instant();
        String[] keys = keys(name, client);
        for (String k : keys) {
            Optional<Row> r = row(k);
            if (r.isPresent() && r.get().lockedUntil() != null && now.isBefore(r.get().lockedUntil())) {
                long minutes = Math.max(1, (Duration.between(now, r.get().lockedUntil()).toSeconds() + 59) / 60);
                throw new ApiError(429, "too many failed sign-ins: try again in " + minutes + " minute" + (minutes == 1 ? "" : "s"));
            }
        }
        Optional<User> u = check.get();
        if (u.isPresent()) {
            db.update("DELETE FROM sign_in_failures WHERE key = ?", keys[0]);
            return u;
        }
        for (String k : keys) {
            Optional<Row> r = row(k);
            boolean fresh = r.isEmpty() || Duration.between(r.get().since(), now).compareTo(WINDOW) > 0;
            int count = fresh ? 1 : r.get().failures() + 1;
            Instant since = fresh ? now : r.get().since();
            int max = k.startsWith("name:") ? MAX_PER_NAME : MAX_PER_CLIENT;
            db.update("INSERT OR REPLACE INTO sign_in_failures (key, failures, since, locked_until) VALUES (?, ?, ?, ?)", k, count,
                    Timestamp.from(since), count >= max ? Timestamp.from(now.plus(WINDOW)) : null);
        }
        return u;
    }
}
