package org.rapport.server.auth;

import org.rapport.server.api.Json;

import org.rapport.store.ConnectionPool;
import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Users, API tokens, browser sessions and the audit log, in the server's tables (migration module
 * {@code server}). Passwords are BCrypt hashes (cost {@value #COST}); tokens and session ids are 32
 * random bytes, stored only as their SHA-256. A checked token or session is kept in memory for 30 s,
 * so a request costs no query for authentication.
 */
public final class Auth {
    /** BCrypt cost factor. */
    public static final int COST = 10;
    /** How long a browser session lasts. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionPool db;
    private final Throttle throttle;

    /** @param db the pool on the store */
    public Auth(ConnectionPool db) {
        this(db, java.time.Clock.systemUTC());
    }

    /** @param db the pool on the store @param clock the time of the sign-in throttling */
    public Auth(ConnectionPool db, java.time.Clock clock) {
        this.db = db;
        this.throttle = new Throttle(db, clock);
    }

    /**
     * A browser session.
     *
     * @param id the cookie value (only its hash is stored)
     * @param csrf the CSRF token of its forms, derived from the id ({@link #csrfFor}; only its hash is stored)
     * @param user the user
     */
    public record Session(String id, String csrf, User user) {
    }

    /**
     * Adds a user.
     *
     * @param name letters, digits, {@code . _ @ -}, at most 64
     * @param role the role
     * @param segments the segments a segment manager owns (required for that role, empty otherwise)
     * @param password the password, or null for a token-only user
     * @return the user
     * @throws IllegalArgumentException if the name is taken or invalid, or segments do not fit the role
     */
    public User addUser(String name, Role role, List<String> segments, char[] password) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name + "' is not valid: use 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        if (role == Role.SEGMENT_MANAGER && segments.isEmpty()) {
            throw new IllegalArgumentException("a segment_manager needs at least one --segment");
        }
        if (role != Role.SEGMENT_MANAGER && !segments.isEmpty()) {
            throw new IllegalArgumentException("--segment is only for the segment_manager role, not " + role.id());
        }
        for (String s : segments) {
            if (s.isBlank() || s.contains(",")) {
                throw new IllegalArgumentException("segment name '" + s + "' is empty or contains a comma");
            }
        }
        if (password != null && password.length < 8) {
            throw new IllegalArgumentException("the password is shorter than 8 characters");
        }
        if (user(name).isPresent()) {
            throw new IllegalArgumentException("user '" + name + "' exists already");
        }
        String hash = password == null ? null : BCrypt.withDefaults().hashToString(COST, password);
        db.update("INSERT INTO users VALUES (?, ?, ?, ?, ?)", name, role.id(),
                segments.isEmpty() ? null : String.join(",", segments), hash, now());
        return new User(name, role, segments);
    }

    /**
     * @param name a user name
     * @return that user, if any
     */
    public Optional<User> user(String name) {
        return db.queryFirst("SELECT name, role, segments FROM users WHERE name = ?", rs -> new User(rs.getString(1),
                Role.parse(rs.getString(2)), split(rs.getString(3))), name);
    }

    /** @return every user, by name */
    public List<User> users() {
        return db.query("SELECT name, role, segments FROM users ORDER BY name", rs -> new User(rs.getString(1),
                Role.parse(rs.getString(2)), split(rs.getString(3))));
    }

    /**
     * Replaces the segments a segment manager owns.
     *
     * @param name the user
     * @param segments the segments
     */
    public void setSegments(String name, List<String> segments) {
        db.update("UPDATE users SET segments = ? WHERE name = ?", segments.isEmpty() ? null : String.join(",", segments), name);
        tokenCache.clear();
        sessionCache.clear();
    }

    /**
     * Changes a user's role; their segment list is emptied (a new segment manager is given segments after).
     *
     * @param name the user
     * @param role the new role
     */
    public void setRole(String name, Role role) {
        db.update("UPDATE users SET role = ?, segments = NULL WHERE name = ?", role.id(), name);
        tokenCache.clear();
        sessionCache.clear();
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::strip).toList();
    }

    /**
     * Creates an API token for a user; it is returned once and stored hashed.
     *
     * @param name the user
     * @return the token (43 URL-safe characters)
     */
    public String createToken(String name) {
        if (user(name).isEmpty()) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
        String token = randomToken();
        db.update("INSERT INTO tokens (token_hash, user_name, created) VALUES (?, ?, ?)", sha256(token), name, now());
        return token;
    }

    /**
     * @param name the user
     * @param password the password
     * @return the user if the password matches
     */
    public Optional<User> checkPassword(String name, char[] password) {
        Optional<String> hash = db.queryFirst("SELECT password_hash FROM users WHERE name = ?", rs -> rs.getString(1), name);
        if (hash.isEmpty() || password == null) {
            // Spend the same time as a real check, so timing does not tell which names exist.
            BCrypt.verifyer().verify("x".toCharArray(), DUMMY);
            return Optional.empty();
        }
        boolean ok = BCrypt.verifyer().verify(password, hash.get().toCharArray()).verified;
        return ok ? user(name) : Optional.empty();
    }

    private static final char[] DUMMY = BCrypt.withDefaults().hashToString(COST, "not a password".toCharArray()).toCharArray();

    /**
     * @param token a bearer token
     * @return its user, if the token is known
     */
    public Optional<User> checkToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String hash = sha256(token.strip());
        long now = System.nanoTime();
        Cached<User> c = tokenCache.get(hash);
        if (c != null && now < c.until()) {
            return Optional.of(c.value());
        }
        Optional<User> u = db.queryFirst("SELECT u.name, u.role, u.segments FROM tokens t JOIN users u ON u.name = t.user_name "
                + "WHERE t.token_hash = ?", rs -> new User(rs.getString(1), Role.parse(rs.getString(2)),
                split(rs.getString(3))), hash);
        u.ifPresent(user -> tokenCache.put(hash, new Cached<>(user, now + CACHE_NANOS)));
        return u;
    }

    /** How long a checked token or session is trusted without asking the store again. */
    private static final long CACHE_NANOS = 30_000_000_000L;

    private record Cached<T>(T value, long until) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Cached<User>> tokenCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Cached<Session>> sessionCache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Opens a browser session.
     *
     * @param user the signed-in user
     * @return the session (its id goes into the cookie)
     */
    public Session openSession(User user) {
        String id = randomToken();
        String csrf = csrfFor(id, "session");
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        db.update("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)", sha256(id), user.name(), sha256(csrf), Timestamp.valueOf(now),
                Timestamp.valueOf(now.plus(SESSION_LIFETIME)));
        return new Session(id, csrf, user);
    }

    /**
     * @param id a session cookie value
     * @return the live session, if any
     */
    public Optional<Session> session(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String hash = sha256(id);
        long now = System.nanoTime();
        Cached<Session> c = sessionCache.get(hash);
        if (c != null && now < c.until()) {
            return Optional.of(c.value());
        }
        Optional<Session> s = db.queryFirst("SELECT u.name, u.role, u.segments FROM sessions s JOIN users u ON u.name = s.user_name "
                + "WHERE s.session_hash = ? AND s.expires > ?", rs -> new Session(id, csrfFor(id, "session"),
                new User(rs.getString(1), Role.parse(rs.getString(2)), split(rs.getString(3)))),
                hash, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
        s.ifPresent(session -> sessionCache.put(hash, new Cached<>(session, now + CACHE_NANOS)));
        return s;
    }

    /**
     * Revokes every API token and browser session of a user, at once (the caches of checked tokens and
     * sessions are emptied too).
     *
     * @param name the user
     * @return the number of tokens revoked
     * @throws IllegalArgumentException if there is no such user
     */
    public long revokeTokens(String name) {
        if (user(name).isEmpty()) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
        long n = db.queryLong("SELECT count(*) FROM tokens WHERE user_name = ?", name);
        db.update("DELETE FROM tokens WHERE user_name = ?", name);
        db.update("DELETE FROM sessions WHERE user_name = ?", name);
        tokenCache.clear();
        sessionCache.clear();
        return n;
    }

    /**
     * Sets a user's password (hashed with bcrypt, as at creation) and ends every browser session of the
     * user, so a session opened with the old password does not outlive it; API tokens stay valid (revoke
     * them with {@link #revokeTokens}).
     *
     * @param name the user
     * @param password the new password, at least 8 characters
     * @throws IllegalArgumentException if there is no such user or the password is too short
     */
    public void setPassword(String name, char[] password) {
        if (user(name).isEmpty()) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
        if (password == null || password.length < 8) {
            throw new IllegalArgumentException("the password is shorter than 8 characters");
        }
        db.update("UPDATE users SET password_hash = ? WHERE name = ?", BCrypt.withDefaults().hashToString(COST, password), name);
        db.update("DELETE FROM sessions WHERE user_name = ?", name);
        sessionCache.clear();
    }

    /** Failed sign-ins allowed per user name within {@link #LOCKOUT} ({@link Throttle}). */
    public static final int MAX_FAILED_SIGN_INS = Throttle.MAX_PER_NAME;
    /** Failed sign-ins allowed per client address within {@link #LOCKOUT}. */
    public static final int MAX_FAILED_PER_CLIENT = Throttle.MAX_PER_CLIENT;
    /** How long failures are remembered, and how long a name or address is locked out after too many. */
    public static final Duration LOCKOUT = Throttle.WINDOW;

    /**
     * Checks a sign-in with throttling ({@link Throttle}: per name and per address, kept in the store;
     * a success clears the name's count, not the address's).
     *
     * @param name the user name
     * @param password the password
     * @param client the client's address
     * @return the user if the password matches
     * @throws ApiError 429 while the name or the address is locked out
     */
    public Optional<User> signIn(String name, char[] password, String client) {
        return throttle.signIn(name, client, () -> checkPassword(name, password));
    }

    /** @param id a session cookie value to end */
    public void closeSession(String id) {
        if (id != null) {
            sessionCache.remove(sha256(id));
            db.update("DELETE FROM sessions WHERE session_hash = ?", sha256(id));
        }
    }

    /**
     * Writes one audit row.
     *
     * @param user who
     * @param action what, e.g. {@code segment.update}
     * @param target on what, e.g. the segment name
     * @param before the value before (serialised as JSON), or null
     * @param after the value after, or null
     */
    public void audit(String user, String action, String target, Object before, Object after) {
        long id = db.store().nextId("audit_log", "audit_id");
        db.update("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)", id, now(), user, action, target, json(before),
                json(after));
    }

    private static String json(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return String.valueOf(o);
        }
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    /**
     * The CSRF token that goes with a secret only the browser holds (a session id, or the pre-session
     * cookie of the sign-in form): HMAC-SHA256 keyed with the secret over the purpose. The server
     * recomputes it from the cookie, so the token itself is never stored.
     *
     * @param secret the cookie value
     * @param purpose {@code session} or {@code login}
     * @return the token, URL-safe base64
     */
    static String csrfFor(String secret, String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("rapport-csrf:" + purpose)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }

    /**
     * @param sent a CSRF token as sent, or null
     * @param expected the right token
     * @return whether they are equal (in constant time)
     */
    static boolean sameToken(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** @return 32 random bytes, URL-safe base64 without padding */
    public static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** @param s text @return its SHA-256, lower-case hex */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
