package org.rapport.server.segment;

import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.segment.Rule;
import org.rapport.analytics.segment.RuleException;
import org.rapport.store.ConnectionPool;

/**
 * The segment rules of the server are exactly those of the segmentation ({@link Rule}: parsed by the
 * segments module's parser with its allow-list, evaluated in Java over the in-memory customer frame,
 * never turned into SQL). The frame is loaded on first use and kept for {@link #TTL_MILLIS}, so a
 * live count while editing a rule costs one evaluation, not one load; loading and counting are
 * serialised because the frame reads through the store's own connection.
 */
public final class SegmentRules implements RuleLanguage {
    /** How long a loaded frame is reused (a new analysis run changes the scores). */
    static final long TTL_MILLIS = 60_000;

    private final ConnectionPool db;
    private CustomerFrame frame;
    private long loadedAt;
    /** The segment of each customer of the frame (same order), loaded with the first count within segments. */
    private String[] segmentOf;

    /** @param db the server's store */
    public SegmentRules(ConnectionPool db) {
        this.db = db;
    }

    @Override
    public synchronized void changed() {
        frame = null;
        segmentOf = null;
    }

    @Override
    public void check(String rule) {
        parse(rule);
    }

    private void load() {
        long now = System.currentTimeMillis();
        if (frame == null || now - loadedAt > TTL_MILLIS) {
            frame = CustomerFrame.load(db.store());
            loadedAt = now;
            segmentOf = null;
        }
    }

    @Override
    public long count(String rule, java.util.Set<String> segments) {
        Rule r = parse(rule);
        synchronized (this) {
            try {
                load();
                if (segmentOf == null) {
                    java.util.Map<String, String> bySegment = new java.util.HashMap<>();
                    if (db.tableExists("customer_segment")) {
                        db.query("SELECT customer_id, segment FROM customer_segment", rs -> bySegment.put(rs.getString(1), rs.getString(2)));
                    }
                    String[] ids = frame.ids();
                    segmentOf = new String[ids.length];
                    for (int i = 0; i < ids.length; i++) {
                        segmentOf[i] = bySegment.get(ids[i]);
                    }
                }
                boolean[] match = r.evaluate(frame);
                long n = 0;
                for (int i = 0; i < match.length; i++) {
                    if (match[i] && segmentOf[i] != null && segments.contains(segmentOf[i])) {
                        n++;
                    }
                }
                return n;
            } catch (RuleException e) {
                throw new RuleRejected(e.getMessage(), e.position());
            } catch (RuntimeException e) {
                throw new RuleRejected(e.getMessage(), -1);
            }
        }
    }

    @Override
    public long count(String rule) {
        Rule r = parse(rule);
        synchronized (this) {
            try {
                load();
                return r.count(frame);
            } catch (RuleException e) {
                throw new RuleRejected(e.getMessage(), e.position());
            } catch (RuntimeException e) {
                throw new RuleRejected(e.getMessage(), -1);
            }
        }
    }

    private static Rule parse(String rule) {
        try {
            return Rule.parse(rule);
        } catch (RuleException e) {
            throw new RuleRejected(e.getMessage(), e.position());
        }
    }
}
