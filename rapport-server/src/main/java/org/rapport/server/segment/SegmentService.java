package org.rapport.server.segment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapport.server.auth.User;

/**
 * Reads and changes segments (contract table {@code segments}); every change is checked against the
 * user's rights, its rule against a {@link RuleLanguage}, and written to the audit log.
 */
public interface SegmentService {
    /**
     * A change to a segment; a null field is left as it is.
     *
     * @param name the segment name (creation only)
     * @param rule the rule text
     * @param description free text
     * @param manager the managing user
     * @param team the specialist team (the service-desk queue unless configured otherwise)
     * @param budget the budget, not negative
     * @param priority the order among rule segments (lower first)
     */
    record Edit(String name, String rule, String description, String manager, String team, Double budget,
                Integer priority) {
    }

    /**
     * The outcome of checking a rule.
     *
     * @param valid whether the rule can be used
     * @param message empty when valid, else what is wrong
     * @param position where (0-based), -1 if not tied to a place
     * @param count matching scored customers now, -1 when not valid or not countable yet
     */
    record Check(boolean valid, String message, int position, long count) {
    }

    /** @return whether the segments table exists (the segments module has run) */
    boolean available();

    /** @return every segment with its KPIs (customers, total and mean CLV), by priority then name */
    List<Map<String, Object>> list();

    /** @param name a segment @return that segment with its KPIs */
    Optional<Map<String, Object>> get(String name);

    /** @param rule a rule text @return whether it is valid and how many customers it matches */
    Check check(String rule);

    /**
     * @param rule a rule text
     * @param by who asks: a segment manager's count covers only the customers of their own segments
     * @return whether it is valid and how many customers (that the user may see) it matches
     */
    Check check(String rule, User by);

    /**
     * @param edit the new segment (name and rule required)
     * @param by who creates it (must be the CCO)
     * @return the segment
     */
    Map<String, Object> create(Edit edit, User by);

    /**
     * @param name the segment
     * @param edit the change
     * @param by who changes it (the CCO; a segment manager for rule, description and budget of their own)
     * @return the segment after the change
     */
    Map<String, Object> update(String name, Edit edit, User by);
}
