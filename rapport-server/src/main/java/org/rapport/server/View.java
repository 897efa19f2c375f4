package org.rapport.server;

import org.rapport.server.auth.Role;
import org.rapport.server.auth.User;
import java.util.ArrayList;
import java.util.List;

/** The frame of every dashboard page (title, user, CSRF token, navigation); the pages' own models are in {@code web.Models}. */
public final class View {
    private View() {
    }

    /**
     * The frame of every page.
     *
     * @param title the page title
     * @param user the signed-in user, or null on the login page
     * @param csrf the session's CSRF token, or empty
     * @param active the navigation entry to highlight
     */
    public record Page(String title, User user, String csrf, String active) {
        /** @return the navigation entries the user's role may open: path and label */
        public List<String[]> nav() {
            List<String[]> n = new ArrayList<>();
            if (user == null) {
                return n;
            }
            Role r = user.role();
            if (r == Role.CCO || r == Role.ANALYST) {
                n.add(new String[] {"/overview", "Overview"});
            }
            if (r == Role.CCO || r == Role.SEGMENT_MANAGER) {
                n.add(new String[] {"/workspace", "Segments"});
                n.add(new String[] {"/campaigns", "Campaigns"});
            }
            if (r == Role.CCO || r == Role.ANALYST) {
                n.add(new String[] {"/brands", "Brands"});
                n.add(new String[] {"/validation", "Validation"});
            }
            if (r == Role.CCO || r == Role.ANALYST) {
                n.add(new String[] {"/jobs", "Jobs"});
                n.add(new String[] {"/runs", "Runs"});
            }
            if (r != Role.SEGMENT_MANAGER) {
                n.add(new String[] {"/desk", "Service desk"});
            }
            if (r == Role.CCO) {
                n.add(new String[] {"/users", "Users"});
                n.add(new String[] {"/audit", "Audit log"});
            }
            return n;
        }
    }
}
