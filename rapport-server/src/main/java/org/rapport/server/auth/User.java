package org.rapport.server.auth;

import java.util.List;

/**
 * A signed-in user.
 *
 * @param name the user name
 * @param role the role
 * @param segments the segments a segment manager owns (empty for other roles)
 */
public record User(String name, Role role, List<String> segments) {
    /** Copies the list. */
    public User {
        segments = List.copyOf(segments);
    }

    /**
     * @param segment a segment name
     * @return whether this user may edit that segment: the CCO any, a segment manager their own
     */
    public boolean mayEditSegment(String segment) {
        return role == Role.CCO || (role == Role.SEGMENT_MANAGER && segments.contains(segment));
    }

    /**
     * @param segment a segment name
     * @return whether this user may read that segment's data: everyone but agents read all, a segment manager their own
     */
    public boolean mayReadSegment(String segment) {
        return role == Role.CCO || role == Role.ANALYST || (role == Role.SEGMENT_MANAGER && segments.contains(segment));
    }
}
