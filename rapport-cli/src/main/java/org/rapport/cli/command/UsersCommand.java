package org.rapport.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.rapport.server.auth.Auth;
import org.rapport.store.ConnectionPool;
import org.rapport.server.auth.Role;
import org.rapport.server.auth.User;
import org.rapport.server.auth.UserAdmin;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rapport users}: the server's users. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage the server's users.",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Password.class, UsersCommand.NewToken.class,
            UsersCommand.Revoke.class, UsersCommand.Delete.class, UsersCommand.Segments.class})
public final class UsersCommand {
    /** {@code rapport users add NAME --role ROLE}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            header = "Add a server user.",
            description = {"Add a user. The password is read from standard input with --password-stdin, else one is",
                "generated and printed once. --token also prints an API token (shown once, stored hashed). A segment",
                "manager's --segment must exist; they become its manager (a former manager loses it)."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:added", "2:bad name, role or password, a segment that does not exist, or the user exists"})
    static final class Add extends StoreCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "User name: letters, digits, . _ @ -")
        private String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "cco, analyst, segment_manager or agent.")
        private String role;

        @Option(names = "--segment", paramLabel = "S", description = "A segment the segment_manager owns (repeatable).")
        private List<String> segments = List.of();

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        private boolean passwordStdin;

        @Option(names = "--token", description = "Also create an API token and print it once.")
        private boolean token;

        @Override
        public Integer call() throws IOException {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--role: " + e.getMessage());
            }
            boolean generated = !passwordStdin;
            char[] password = password(passwordStdin);
            PrintWriter out = spec.commandLine().getOut();
            // Users may be added before the first analysis: this creates the store.
            try (RapportStore s = store.openOrCreate(); ConnectionPool db = new ConnectionPool(s, 1)) {
                Auth auth = new Auth(db);
                User u;
                try {
                    new UserAdmin(db, auth).requireSegments(segments);
                    u = auth.addUser(name, r, segments, password);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                auth.audit(System.getProperty("user.name", "cli"), "user.add", u.name(), null,
                        java.util.Map.of("role", u.role().id(), "segments", u.segments()));
                if (!segments.isEmpty()) {
                    // they become the segments' manager (one manager per segment: access follows the assignment)
                    u = new UserAdmin(db, auth).changeSegments(u.name(), segments, List.of(), OneUser.operator());
                }
                out.printf("user      %s (%s%s)%n", u.name(), u.role().id(), u.segments().isEmpty() ? "" : ", segments " + String.join(", ", u.segments()));
                if (generated) {
                    out.printf("password  %s   (shown once)%n", new String(password));
                }
                if (token) {
                    out.printf("token     %s   (shown once; send as Authorization: Bearer TOKEN)%n", auth.createToken(u.name()));
                }
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
            out.flush();
            return 0;
        }
    }

    /** {@code rapport users list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users, their roles and segments.")
    static final class ListUsers extends StoreCommand {

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            // Users may be added before the first analysis: this creates the store.
            try (RapportStore s = store.openExisting(); ConnectionPool db = new ConnectionPool(s, 1)) {
                for (User u : new Auth(db).users()) {
                    out.printf("%-24s %-16s %s%n", u.name(), u.role().id(), String.join(",", u.segments()));
                }
            }
            out.flush();
            return 0;
        }
    }

    /**
     * A command on one existing user (NAME): opens the store, hands the user's {@link Auth} to
     * {@link #act}, and audits as the operating-system user.
     */
    abstract static class OneUser extends StoreCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
        String name;

        /** @param auth the store's users @param out the command's output @throws IOException if input cannot be read */
        abstract void act(Auth auth, PrintWriter out) throws IOException;

        /** The open pool, for commands that need more than {@link Auth}. */
        ConnectionPool db;

        /** @return who changes things, for the audit log: the operating-system user */
        static String operator() {
            return System.getProperty("user.name", "cli");
        }

        /** Writes one audit row about this user. */
        void audit(Auth auth, String action, Object after) {
            auth.audit(operator(), action, name, null, after);
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (RapportStore s = store.openExisting(); ConnectionPool pool = new ConnectionPool(s, 1)) {
                this.db = pool;
                act(new Auth(pool), out);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code rapport users token NAME}. */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Create an API token for a user and print it once (stored hashed).",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:created", "2:no such user"})
    static final class NewToken extends OneUser {
        @Override
        void act(Auth auth, PrintWriter out) {
            String token = auth.createToken(name);
            audit(auth, "user.token", null);
            out.printf("token     %s   (shown once; send as Authorization: Bearer TOKEN)%n", token);
        }
    }

    /**
     * The first line of standard input, or a generated password.
     *
     * @param fromStdin whether to read standard input
     * @return the password
     * @throws IOException if standard input cannot be read
     */
    static char[] password(boolean fromStdin) throws IOException {
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("--password-stdin: standard input has no password line");
            }
            return line.toCharArray();
        }
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    /** {@code rapport users password NAME}. */
    @Command(name = "password", mixinStandardHelpOptions = true,
            header = "Set a user's password and end their browser sessions.",
        description = {"Set a user's password (read from standard input with --password-stdin, else generated and printed",
                "once) and end the user's browser sessions; API tokens stay valid. While the server runs, users change",
                "their own with PUT /api/v1/me/password."},
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:set", "2:no such user or a password shorter than 8"})
    static final class Password extends OneUser {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        private boolean passwordStdin;

        @Override
        void act(Auth auth, PrintWriter out) throws IOException {
            char[] password = password(passwordStdin);
            try {
                auth.setPassword(name, password);
                audit(auth, "user.password", null);
                out.printf("password of %s set; their browser sessions are closed%n", name);
                if (!passwordStdin) {
                    out.printf("password  %s   (shown once)%n", new String(password));
                }
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    /** {@code rapport users revoke NAME}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            header = "Revoke every API token and browser session of a user.",
        description = {"Revoke every API token and browser session of a user. While the server runs, use",
                "DELETE /api/v1/users/NAME/tokens instead (the server holds the store)."},
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:revoked", "2:no such user"})
    static final class Revoke extends OneUser {
        @Override
        void act(Auth auth, PrintWriter out) {
            long n = auth.revokeTokens(name);
            audit(auth, "user.revoke", java.util.Map.of("tokens", n));
            out.printf("revoked %d token%s of %s, and their sessions%n", n, n == 1 ? "" : "s", name);
        }
    }

    /** {@code rapport users delete NAME}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            header = "Delete a user with their API tokens and browser sessions.",
        description = {"Delete a user with their API tokens and browser sessions; segments they managed are left without a",
                "manager. While the server runs, use DELETE /api/v1/users/NAME instead (the server holds the store)."},
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:deleted", "2:no such user"})
    static final class Delete extends OneUser {
        @Override
        void act(Auth auth, PrintWriter out) {
            List<String> orphaned = new UserAdmin(db, auth).delete(name, operator());
            out.printf("user %s deleted, with their tokens and sessions%s%n", name,
                    orphaned.isEmpty() ? "" : "; segments now without a manager: " + String.join(", ", orphaned));
        }
    }

    /** {@code rapport users segments NAME --add S --remove S}. */
    @Command(name = "segments", mixinStandardHelpOptions = true,
            description = {"Add segments to a segment manager (they become the segments' manager; a former manager loses them)",
                "or remove segments (a segment they managed is left without a manager). Audited. While the server runs, use",
                "PUT /api/v1/users/NAME/segments {\"add\": [...], \"remove\": [...]} instead."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:changed", "2:no such user, not a segment manager, no such segment, or nothing to change"})
    static final class Segments extends OneUser {
        @Option(names = "--add", paramLabel = "S", description = "A segment to add (repeatable).")
        private List<String> add = List.of();

        @Option(names = "--remove", paramLabel = "S", description = "A segment to remove (repeatable).")
        private List<String> remove = List.of();

        @Override
        void act(Auth auth, PrintWriter out) {
            User u = new UserAdmin(db, auth).changeSegments(name, add, remove, operator());
            out.printf("segments of %s: %s%n", u.name(), u.segments().isEmpty() ? "none" : String.join(", ", u.segments()));
        }
    }
}
