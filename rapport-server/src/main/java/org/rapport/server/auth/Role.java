package org.rapport.server.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may do. {@link #CCO} everything; {@link #ANALYST} read everything and run jobs;
 * {@link #SEGMENT_MANAGER} read and edit only their own segments, budgets and campaigns;
 * {@link #AGENT} the contact route and the customer 360 only.
 */
public enum Role {
    /** Chief customer officer: everything. */
    CCO,
    /** Reads everything, runs jobs, changes nothing else. */
    ANALYST,
    /** Reads and edits their own segments (users.segments), budgets and campaigns. */
    SEGMENT_MANAGER,
    /** Service agent: route a contact, read the customer 360. */
    AGENT;

    /** @return the name used in the users table and on the command line, e.g. {@code segment_manager} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a role name as on the command line
     * @return the role
     * @throws IllegalArgumentException naming the known roles
     */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (known: "
                + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")) + ")");
    }
}
