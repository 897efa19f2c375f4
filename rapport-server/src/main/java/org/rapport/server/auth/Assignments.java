package org.rapport.server.auth;

import org.rapport.store.ConnectionPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who manages which segment now. A segment manager's rights follow the current assignment, read at
 * every request: the segments whose {@code manager} field names them, and the segments of their own
 * list ({@code users.segments}) that have no manager (or do not exist yet). So a segment reassigned
 * to someone else, by the server or by {@code rapport segments set --manager}, stops being the former
 * manager's at once, and a manager cleared through the server is also taken off the user's list
 * ({@link UserAdmin}, {@code TableSegmentService}). The map is reloaded after every change the server
 * makes and after every job (the store is the server's while it runs).
 */
public final class Assignments {
    private final ConnectionPool db;
    /** Segment name to its manager (null when none); empty when there are no segments. */
    private volatile Map<String, String> managers = Map.of();

    public Assignments(ConnectionPool db) {
        this.db = db;
        reload();
    }

    /** Reads the segments' managers again. */
    public void reload() {
        db.forgetTables();
        if (!db.tableExists("segments")) {
            managers = Map.of();
            return;
        }
        Map<String, String> m = new HashMap<>();
        db.query("SELECT name, manager FROM segments", rs -> {
            m.put(rs.getString(1), rs.getString(2));
            return null;
        });
        managers = m;
    }

    /**
     * @param u a signed-in user
     * @return the same user with, for a segment manager, the segments they manage now
     */
    public User effective(User u) {
        if (u.role() != Role.SEGMENT_MANAGER) {
            return u;
        }
        Map<String, String> m = managers;
        Set<String> mine = new LinkedHashSet<>();
        for (String s : u.segments()) {
            String manager = m.get(s);
            if (manager == null || manager.equals(u.name())) {
                mine.add(s);
            }
        }
        m.forEach((segment, manager) -> {
            if (u.name().equals(manager)) {
                mine.add(segment);
            }
        });
        return new User(u.name(), u.role(), new ArrayList<>(mine));
    }

    /** @return the segment names known now */
    Set<String> segments() {
        return managers.keySet();
    }

    /** @param segment a segment @return its manager now, or null */
    String managerOf(String segment) {
        return managers.get(segment);
    }

    /** @return the segments each manager manages now (by the manager field) */
    Map<String, List<String>> byManager() {
        Map<String, List<String>> out = new HashMap<>();
        managers.forEach((s, m) -> {
            if (m != null) {
                out.computeIfAbsent(m, k -> new ArrayList<>()).add(s);
            }
        });
        return out;
    }
}
