package org.rapport.server.segment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.rapport.analytics.segment.RuleException;
import org.rapport.analytics.segment.SegmentAnalysis;
import org.rapport.analytics.segment.SegmentException;
import org.rapport.server.api.ApiError;
import org.rapport.server.auth.Auth;
import org.rapport.store.ConnectionPool;
import org.rapport.server.auth.Role;
import org.rapport.server.auth.User;

/** {@link SegmentService} on the contract tables {@code segments} and {@code customer_segment}. */
public final class TableSegmentService implements SegmentService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    private static final String SELECT = """
            SELECT s.name, s.kind, s.rule, s.description, s.manager, s.team, s.budget, s.priority,
                   CAST(s.created AS VARCHAR) AS created, CAST(s.updated AS VARCHAR) AS updated%s
            FROM segments s%s""";

    private final ConnectionPool db;
    private final Auth auth;
    private final RuleLanguage rules;
    private final Runnable changed;

    /**
     * @param db the pool
     * @param auth for the audit log
     * @param rules validates and counts rules
     */
    public TableSegmentService(ConnectionPool db, Auth auth, RuleLanguage rules) {
        this(db, auth, rules, () -> { });
    }

    /**
     * @param db the pool
     * @param auth users and the audit log
     * @param rules the rule language
     * @param changed run after each change of a segment (the server's caches reload the segments)
     */
    public TableSegmentService(ConnectionPool db, Auth auth, RuleLanguage rules, Runnable changed) {
        this.db = db;
        this.auth = auth;
        this.rules = rules;
        this.changed = changed;
    }

    @Override
    public boolean available() {
        return db.hasRows("segments");
    }

    private void requireTable() {
        if (!available()) {
            throw ApiError.notComputed("no segments defined yet", "rapport segments discover");
        }
    }

    private String select(String where) {
        boolean kpis = db.tableExists("customer_segment") && db.tableExists("customer_scores");
        String cols = kpis ? ", coalesce(k.customers, 0) AS customers, k.total_clv, k.mean_clv" : ", NULL AS customers, NULL AS total_clv, NULL AS mean_clv";
        String join = kpis ? " LEFT JOIN (SELECT cs.segment, count(*) AS customers, sum(sc.clv) AS total_clv, avg(sc.clv) AS mean_clv "
                + "FROM customer_segment cs LEFT JOIN customer_scores sc ON sc.customer_id = cs.customer_id GROUP BY cs.segment) k "
                + "ON k.segment = s.name" : "";
        return String.format(SELECT, cols, join) + where;
    }

    @Override
    public List<Map<String, Object>> list() {
        requireTable();
        return db.rows(select(" ORDER BY s.priority NULLS LAST, s.name"));
    }

    @Override
    public Optional<Map<String, Object>> get(String name) {
        requireTable();
        List<Map<String, Object>> r = db.rows(select(" WHERE s.name = ?"), name);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    @Override
    public Check check(String rule) {
        return check(rule, null);
    }

    @Override
    public Check check(String rule, User by) {
        try {
            rules.check(rule);
        } catch (RuleLanguage.RuleRejected e) {
            return new Check(false, e.getMessage(), e.position(), -1);
        }
        try {
            boolean own = by != null && by.role() == Role.SEGMENT_MANAGER;
            return new Check(true, "", -1, own ? rules.count(rule, java.util.Set.copyOf(by.segments())) : rules.count(rule));
        } catch (RuleLanguage.RuleRejected e) {
            return new Check(true, e.getMessage(), e.position(), -1);
        }
    }

    private void validate(Edit e) {
        if (e.rule() != null) {
            try {
                rules.check(e.rule());
            } catch (RuleLanguage.RuleRejected r) {
                throw ApiError.badRequest("rule: " + r.getMessage() + (r.position() >= 0 ? " (at character " + (r.position() + 1) + ")" : ""));
            }
        }
        if (e.budget() != null && (!Double.isFinite(e.budget()) || e.budget() < 0)) {
            throw ApiError.badRequest("budget: must be a number not below 0, not " + e.budget());
        }
        if (e.manager() != null && !e.manager().isEmpty()) {
            Optional<User> m = auth.user(e.manager());
            if (m.isEmpty()) {
                throw ApiError.badRequest("manager: no user '" + e.manager() + "' (add one with rapport users add)");
            }
        }
    }

    @Override
    public Map<String, Object> create(Edit e, User by) {
        requireTable();
        if (by.role() != Role.CCO) {
            throw ApiError.forbidden("only the cco creates segments");
        }
        if (e.name() == null || !NAME.matcher(e.name()).matches()) {
            throw ApiError.badRequest("name: 1 to 64 letters, digits, spaces, '.', '_' or '-' required");
        }
        if (e.rule() == null) {
            throw ApiError.badRequest("rule: required for a new segment");
        }
        validate(e);
        if (get(e.name()).isPresent()) {
            throw new ApiError(409, "segment '" + e.name() + "' exists already");
        }
        Timestamp now = Timestamp.from(Instant.now());
        db.update("INSERT INTO segments (name, kind, rule, description, manager, team, budget, priority, created, updated) "
                + "VALUES (?, 'rule', ?, ?, ?, ?, ?, ?, ?, ?)", e.name(), e.rule(), e.description(), blankToNull(e.manager()),
                e.team(), e.budget(), e.priority(), now, now);
        String note = ruleSaved(e.name());
        Map<String, Object> after = withNote(get(e.name()).orElseThrow(), note);
        changed.run();
        auth.audit(by.name(), "segment.create", e.name(), null, editable(after));
        if (e.manager() != null && !e.manager().isEmpty()) {
            addToManager(e.manager(), e.name(), by);
        }
        return after;
    }

    @Override
    public Map<String, Object> update(String name, Edit e, User by) {
        requireTable();
        Map<String, Object> before = get(name).orElseThrow(() -> ApiError.notFound("no segment '" + name + "'"));
        if (!by.mayEditSegment(name)) {
            throw ApiError.forbidden(by.role() == Role.SEGMENT_MANAGER ? "segment '" + name + "' is not one of yours"
                    : "the " + by.role().id() + " role does not edit segments");
        }
        if (by.role() != Role.CCO && (e.manager() != null || e.team() != null || e.priority() != null)) {
            throw ApiError.forbidden("only the cco changes a segment's manager, team or priority");
        }
        if (e.name() != null && !e.name().equals(name)) {
            throw ApiError.badRequest("name: a segment cannot be renamed");
        }
        validate(e);
        db.update("UPDATE segments SET rule = coalesce(?, rule), description = coalesce(?, description), "
                + "manager = CASE WHEN ? THEN ? ELSE manager END, team = coalesce(?, team), budget = coalesce(?, budget), "
                + "priority = coalesce(?, priority), updated = ? WHERE name = ?", e.rule(), e.description(),
                e.manager() != null, blankToNull(e.manager()), e.team(), e.budget(), e.priority(), Timestamp.from(Instant.now()), name);
        String note = e.rule() != null || e.priority() != null ? ruleSaved(name) : null;
        Map<String, Object> after = withNote(get(name).orElseThrow(), note);
        changed.run();
        for (String field : List.of("kind", "rule", "description", "manager", "team", "budget", "priority")) {
            Object b = before.get(field);
            Object a = after.get(field);
            if (!java.util.Objects.equals(b, a)) {
                auth.audit(by.name(), "segment." + field, name, b, a);
            }
        }
        if (e.manager() != null && !java.util.Objects.equals(blankToNull(e.manager()), before.get("manager"))) {
            // access follows the assignment: the former manager loses the segment from their list too
            if (before.get("manager") instanceof String former) {
                removeFromManager(former, name, by);
            }
            if (!e.manager().isEmpty()) {
                addToManager(e.manager(), name, by);
            }
        }
        return after;
    }

    private void addToManager(String manager, String segment, User by) {
        auth.user(manager).filter(u -> u.role() == Role.SEGMENT_MANAGER && !u.segments().contains(segment)).ifPresent(u -> {
            List<String> next = new java.util.ArrayList<>(u.segments());
            next.add(segment);
            auth.setSegments(u.name(), next);
            auth.audit(by.name(), "user.segments", u.name(), u.segments(), next);
        });
    }

    private void removeFromManager(String manager, String segment, User by) {
        auth.user(manager).filter(u -> u.segments().contains(segment)).ifPresent(u -> {
            List<String> next = new java.util.ArrayList<>(u.segments());
            next.remove(segment);
            auth.setSegments(u.name(), next);
            auth.audit(by.name(), "user.segments", u.name(), u.segments(), next);
        });
    }

    /**
     * Makes a saved rule take effect at once ({@link SegmentAnalysis#ruleSaved}: a discovered segment given a
     * rule becomes a rule segment, every customer is assigned again); says when it cannot be counted yet.
     */
    private String ruleSaved(String name) {
        if (!db.tableExists("customer_scores")) {
            return "no scores yet: the segment is counted when rapport analyze has run";
        }
        try {
            String message = SegmentAnalysis.ruleSaved(db.store(), name).message();
            rules.changed();
            return message;
        } catch (SegmentException | RuleException ex) {
            return "saved, but not counted yet: " + ex.getMessage() + "; it is counted at the next analysis";
        }
    }

    private static Map<String, Object> withNote(Map<String, Object> row, String note) {
        if (note == null) {
            return row;
        }
        Map<String, Object> m = new LinkedHashMap<>(row);
        m.put("note", note);
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Map<String, Object> editable(Map<String, Object> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("name", "rule", "description", "manager", "team", "budget", "priority")) {
            m.put(k, row.get(k));
        }
        return m;
    }
}
