package org.rapport.server.auth;

import org.rapport.store.ConnectionPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to users beyond adding one, shared by the CLI ({@code rapport users delete|segments}) and
 * the API ({@code DELETE /api/v1/users/{name}}, {@code PUT /api/v1/users/{name}/segments}); each change
 * is audited and keeps the user's segment list and the segments' {@code manager} field in step.
 */
public final class UserAdmin {
    private final ConnectionPool db;
    private final Auth auth;

    /** @param db the pool @param auth users and the audit log */
    public UserAdmin(ConnectionPool db, Auth auth) {
        this.db = db;
        this.auth = auth;
    }

    private List<String> knownSegments() {
        db.forgetTables();
        return db.tableExists("segments") ? db.query("SELECT name FROM segments ORDER BY name", rs -> rs.getString(1)) : List.of();
    }

    /**
     * @param segments segment names a user is to manage
     * @throws IllegalArgumentException naming the first segment that does not exist
     */
    public void requireSegments(List<String> segments) {
        if (segments.isEmpty()) {
            return;
        }
        List<String> known = knownSegments();
        for (String s : segments) {
            if (!known.contains(s)) {
                throw new IllegalArgumentException(known.isEmpty()
                        ? "no segment '" + s + "': no segments are defined yet (rapport segments define or discover first)"
                        : "no segment '" + s + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * Deletes a user with their tokens and sessions; segments they managed are left without a manager.
     *
     * @param name the user
     * @param by who deletes (for the audit log)
     * @return the segments that lost their manager
     * @throws IllegalArgumentException if there is no such user
     */
    public List<String> delete(String name, String by) {
        User u = auth.user(name).orElseThrow(() -> new IllegalArgumentException("no user '" + name + "'"));
        auth.revokeTokens(name);
        List<String> orphaned = new ArrayList<>();
        if (db.tableExists("segments")) {
            orphaned.addAll(db.query("SELECT name FROM segments WHERE manager = ? ORDER BY name", rs -> rs.getString(1), name));
            db.update("UPDATE segments SET manager = NULL WHERE manager = ?", name);
        }
        db.update("DELETE FROM users WHERE name = ?", name);
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("role", u.role().id());
        before.put("segments", u.segments());
        auth.audit(by, "user.delete", name, before, orphaned.isEmpty() ? null : Map.of("segmentsWithoutManager", orphaned));
        return orphaned;
    }

    /**
     * Gives a segment manager segments and takes others away. An added segment gets them as its
     * manager (a former manager, and any other user listing it, loses it); a removed one is taken off their list and, if they were its
     * manager, left without one.
     *
     * @param name a segment manager
     * @param add segments to add (must exist)
     * @param remove segments to remove
     * @param by who changes it (for the audit log)
     * @return the user after the change
     * @throws IllegalArgumentException if there is no such segment manager or an added segment does not exist
     */
    public User changeSegments(String name, List<String> add, List<String> remove, String by) {
        User u = auth.user(name).orElseThrow(() -> new IllegalArgumentException("no user '" + name + "'"));
        if (u.role() != Role.SEGMENT_MANAGER) {
            throw new IllegalArgumentException("user '" + name + "' is a " + u.role().id() + ", not a segment_manager: only segment managers have segments");
        }
        if (add.isEmpty() && remove.isEmpty()) {
            throw new IllegalArgumentException("give at least one --add S or --remove S");
        }
        requireSegments(add);
        List<String> next = new ArrayList<>(u.segments());
        for (String s : remove) {
            if (!next.remove(s) && !name.equals(managerOf(s))) {
                throw new IllegalArgumentException("segment '" + s + "' is not one of " + name + "'s");
            }
            if (name.equals(managerOf(s))) {
                db.update("UPDATE segments SET manager = NULL, updated = now() WHERE name = ?", s);
                auth.audit(by, "segment.manager", s, name, null);
            }
        }
        for (String s : add) {
            String former = managerOf(s);
            // one manager per segment: whoever else lists it loses it
            for (User other : auth.users()) {
                if (!other.name().equals(name) && other.segments().contains(s)) {
                    List<String> theirs = new ArrayList<>(other.segments());
                    theirs.remove(s);
                    auth.setSegments(other.name(), theirs);
                    auth.audit(by, "user.segments", other.name(), other.segments(), theirs);
                }
            }
            if (!name.equals(former)) {
                db.update("UPDATE segments SET manager = ?, updated = now() WHERE name = ?", name, s);
                auth.audit(by, "segment.manager", s, former, name);
            }
            if (!next.contains(s)) {
                next.add(s);
            }
        }
        auth.setSegments(name, next);
        auth.audit(by, "user.segments", name, u.segments(), next);
        return auth.user(name).orElseThrow();
    }

    /**
     * Adds a user (the server's user admin page and API; {@code rapport users add} while it is stopped).
     *
     * @param name the name
     * @param role the role
     * @param segments a segment manager's segments (must exist; they get the user as manager)
     * @param password the password (8 characters at least), or null for a token-only user
     * @param by who adds them (for the audit log)
     * @return the user
     * @throws IllegalArgumentException if the name is taken or invalid, a segment does not exist, or segments do not fit the role
     */
    public User add(String name, Role role, List<String> segments, char[] password, String by) {
        requireSegments(segments);
        auth.addUser(name, role, segments, password);
        if (role == Role.SEGMENT_MANAGER) {
            // each segment gets them as its manager, and leaves anyone else's list
            changeSegments(name, segments, List.of(), by);
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("role", role.id());
        after.put("segments", segments);
        auth.audit(by, "user.add", name, null, after);
        return auth.user(name).orElseThrow();
    }

    /**
     * Changes a user's role. Segments they managed are left without a manager; a new segment manager
     * gets the segments given (at least one).
     *
     * @param name the user
     * @param role the new role
     * @param segments the segments of a new segment manager (ignored for other roles)
     * @param by who changes it (for the audit log)
     * @return the user after the change
     * @throws IllegalArgumentException if there is no such user, a segment does not exist, or a segment manager gets none
     */
    public User changeRole(String name, Role role, List<String> segments, String by) {
        User u = auth.user(name).orElseThrow(() -> new IllegalArgumentException("no user '" + name + "'"));
        if (u.role() == role) {
            throw new IllegalArgumentException("user '" + name + "' is a " + role.id() + " already");
        }
        if (role == Role.SEGMENT_MANAGER) {
            if (segments.isEmpty()) {
                throw new IllegalArgumentException("segments: a segment_manager needs at least one segment");
            }
            requireSegments(segments);
        }
        if (db.tableExists("segments")) {
            for (String s : db.query("SELECT name FROM segments WHERE manager = ? ORDER BY name", rs -> rs.getString(1), name)) {
                db.update("UPDATE segments SET manager = NULL, updated = now() WHERE name = ?", s);
                auth.audit(by, "segment.manager", s, name, null);
            }
        }
        auth.setRole(name, role);
        auth.audit(by, "user.role", name, u.role().id(), role.id());
        if (role == Role.SEGMENT_MANAGER) {
            return changeSegments(name, segments, List.of(), by);
        }
        return auth.user(name).orElseThrow();
    }

    /** @return every user, by name */
    public List<User> users() {
        return auth.users();
    }

    private String managerOf(String segment) {
        if (!db.tableExists("segments")) {
            return null;
        }
        return db.queryFirst("SELECT manager FROM segments WHERE name = ?", rs -> rs.getString(1), segment).orElse(null);
    }
}
