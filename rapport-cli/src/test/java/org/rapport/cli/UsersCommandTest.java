package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.server.auth.Auth;
import org.rapport.store.ConnectionPool;
import org.rapport.server.auth.Role;
import org.rapport.store.RapportStore;

/** {@code rapport users add/list} and the checks of {@code rapport serve}'s options. */
class UsersCommandTest {
    @TempDir
    Path dir;

    /** Creates the store with two segments (as rapport segments define would), managed by nobody yet. */
    private String storeWithSegments() {
        Path db = dir.resolve("r.duckdb");
        try (RapportStore s = RapportStore.open(db)) {
            s.update("INSERT INTO segments (name, kind, rule, created, updated) VALUES ('high_value', 'rule', 'clv > 100', now(), now()), "
                    + "('the_rest', 'rule', 'clv <= 100', now(), now())");
        }
        return db.toString();
    }

    @Test
    void addPrintsAGeneratedPasswordAndTokenOnceAndStoresOnlyHashes() {
        String db = storeWithSegments();
        CliRunner.Result r = CliRunner.run("users", "add", "sam", "--role", "segment_manager", "--segment", "high_value", "--token", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher pw = Pattern.compile("password  (\\S+)").matcher(r.out());
        Matcher tk = Pattern.compile("token     (\\S+)").matcher(r.out());
        assertThat(pw.find()).isTrue();
        assertThat(tk.find()).isTrue();
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            Auth auth = new Auth(pool);
            assertThat(auth.checkPassword("sam", pw.group(1).toCharArray())).isPresent();
            assertThat(auth.checkPassword("sam", "wrong-password".toCharArray())).isEmpty();
            assertThat(auth.checkToken(tk.group(1)).orElseThrow().role()).isEqualTo(Role.SEGMENT_MANAGER);
            assertThat(auth.checkToken(tk.group(1)).orElseThrow().segments()).containsExactly("high_value");
            // Neither secret is stored as it is.
            String dump = s.query("SELECT coalesce(password_hash, '') FROM users", rs -> rs.getString(1)).toString()
                    + s.query("SELECT token_hash FROM tokens", rs -> rs.getString(1));
            assertThat(dump).doesNotContain(pw.group(1)).doesNotContain(tk.group(1)).contains("$2a$10$");
        }
        CliRunner.Result list = CliRunner.run("users", "list", "--db", db);
        assertThat(list.out()).contains("sam").contains("segment_manager").contains("high_value");
    }

    @Test
    void tokenThenRevokeAndUnknownUsers() {
        String db = dir.resolve("r.duckdb").toString();
        assertThat(CliRunner.run("users", "add", "ana", "--role", "analyst", "--db", db).exitCode()).isZero();
        CliRunner.Result t = CliRunner.run("users", "token", "ana", "--db", db);
        assertThat(t.exitCode()).as(t.err()).isZero();
        Matcher tk = Pattern.compile("token     (\\S+)").matcher(t.out());
        assertThat(tk.find()).isTrue();
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            assertThat(new Auth(pool).checkToken(tk.group(1))).isPresent();
        }
        CliRunner.Result r = CliRunner.run("users", "revoke", "ana", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("revoked 1 token of ana");
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            assertThat(new Auth(pool).checkToken(tk.group(1))).isEmpty();
        }
        for (String cmd : new String[] {"token", "revoke"}) {
            CliRunner.Result bad = CliRunner.run("users", cmd, "ghost", "--db", db);
            assertThat(bad.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(bad.err()).contains("no user 'ghost'");
        }
    }

    @Test
    void passwordSetsAGeneratedPasswordAndEndsSessions() {
        String db = dir.resolve("r.duckdb").toString();
        assertThat(CliRunner.run("users", "add", "pat", "--role", "agent", "--db", db).exitCode()).isZero();
        String sessionId;
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            Auth auth = new Auth(pool);
            sessionId = auth.openSession(auth.user("pat").orElseThrow()).id();
        }
        CliRunner.Result r = CliRunner.run("users", "password", "pat", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher pw = Pattern.compile("password  (\\S+)").matcher(r.out());
        assertThat(pw.find()).as(r.out()).isTrue();
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            Auth auth = new Auth(pool);
            assertThat(auth.checkPassword("pat", pw.group(1).toCharArray())).isPresent();
            assertThat(auth.session(sessionId)).isEmpty();
        }
        CliRunner.Result ghost = CliRunner.run("users", "password", "ghost", "--db", db);
        assertThat(ghost.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(ghost.err()).contains("no user 'ghost'");
    }

    @Test
    void badRolesSegmentsAndDuplicatesExitWithTwo() {
        String db = dir.resolve("r.duckdb").toString();
        CliRunner.Result role = CliRunner.run("users", "add", "x", "--role", "king", "--db", db);
        assertThat(role.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(role.err()).contains("unknown role 'king'").contains("segment_manager");
        CliRunner.Result noSeg = CliRunner.run("users", "add", "x", "--role", "segment_manager", "--db", db);
        assertThat(noSeg.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(noSeg.err()).contains("--segment");
        assertThat(CliRunner.run("users", "add", "ana", "--role", "analyst", "--db", db).exitCode()).isZero();
        CliRunner.Result dup = CliRunner.run("users", "add", "ana", "--role", "analyst", "--db", db);
        assertThat(dup.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(dup.err()).contains("exists already");
    }

    @Test
    void aSegmentThatDoesNotExistIsRefusedAndNothingIsAdded() {
        String empty = dir.resolve("empty.duckdb").toString();
        CliRunner.Result none = CliRunner.run("users", "add", "sam", "--role", "segment_manager", "--segment", "high_value", "--db", empty);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(none.err()).contains("no segment 'high_value'").contains("no segments are defined yet");
        String db = storeWithSegments();
        CliRunner.Result r = CliRunner.run("users", "add", "sam", "--role", "segment_manager", "--segment", "high_value", "--segment",
                "no-such-segment", "--db", db);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("no segment 'no-such-segment'").contains("high_value, the_rest");
        assertThat(CliRunner.run("users", "list", "--db", db).out()).doesNotContain("sam");
    }

    @Test
    void segmentsAreAddedAndRemovedAndUsersDeletedAudited() {
        String db = storeWithSegments();
        assertThat(CliRunner.run("users", "add", "sam", "--role", "segment_manager", "--segment", "high_value", "--db", db).exitCode()).isZero();
        assertThat(CliRunner.run("users", "add", "kim", "--role", "segment_manager", "--segment", "the_rest", "--db", db).exitCode()).isZero();
        CliRunner.Result add = CliRunner.run("users", "segments", "sam", "--add", "the_rest", "--db", db);
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("segments of sam: high_value, the_rest");
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            assertThat(new Auth(pool).user("kim").orElseThrow().segments()).as("the former manager loses it").isEmpty();
            assertThat(s.queryFirst("SELECT manager FROM segments WHERE name = 'the_rest'", rs -> rs.getString(1))).contains("sam");
        }
        CliRunner.Result remove = CliRunner.run("users", "segments", "sam", "--remove", "high_value", "--remove", "the_rest", "--db", db);
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        assertThat(remove.out()).contains("segments of sam: none");
        for (String[] bad : new String[][] {{"sam", "--add", "nope"}, {"ghost", "--add", "the_rest"}, {"sam"}, {"sam", "--remove", "high_value"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("users", "segments"));
            args.addAll(java.util.List.of(bad));
            args.addAll(java.util.List.of("--db", db));
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", bad)).isEqualTo(ExitCodes.INPUT);
        }
        assertThat(CliRunner.run("users", "segments", "sam", "--add", "the_rest", "--db", db).exitCode()).isZero();
        String token;
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            token = new Auth(pool).createToken("sam");
        }
        CliRunner.Result del = CliRunner.run("users", "delete", "sam", "--db", db);
        assertThat(del.exitCode()).as(del.err()).isZero();
        assertThat(del.out()).contains("user sam deleted").contains("segments now without a manager: the_rest");
        assertThat(CliRunner.run("users", "delete", "sam", "--db", db).err()).contains("no user 'sam'");
        try (RapportStore s = RapportStore.open(Path.of(db)); ConnectionPool pool = new ConnectionPool(s, 1)) {
            assertThat(new Auth(pool).checkToken(token)).isEmpty();
            assertThat(s.queryLong("SELECT count(*) FROM segments WHERE manager IS NOT NULL")).isZero();
            assertThat(s.query("SELECT action FROM audit_log ORDER BY audit_id", rs -> rs.getString(1)))
                    .contains("user.segments", "segment.manager", "user.delete");
        }
    }

    @Test
    void serveRejectsABadQueueFileAndPort() throws Exception {
        Path q = dir.resolve("queues.properties");
        Files.writeString(q, "high_value=\n");
        CliRunner.Result r = CliRunner.run("serve", "--db", dir.resolve("r.duckdb").toString(), "--queues", q.toString(), "--port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("queue of segment 'high_value' is empty");
        CliRunner.Result p = CliRunner.run("serve", "--db", dir.resolve("r.duckdb").toString(), "--port", "70000");
        assertThat(p.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(p.err()).contains("--port 70000");
    }

    @Test
    void serveRejectsACurrencyThatIsNeitherACodeNorASymbol() {
        String db = dir.resolve("r.duckdb").toString();
        CliRunner.Result code = CliRunner.run("serve", "--db", db, "--port", "0", "--currency", "EUX");
        assertThat(code.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(code.err()).contains("--currency EUX is not an ISO 4217 currency code");
        CliRunner.Result word = CliRunner.run("serve", "--db", db, "--port", "0", "--currency", "euro");
        assertThat(word.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(word.err()).contains("give an ISO 4217 code");
    }

    @Test
    void theStoreHeldByTheServerNamesThePagesWhereTheWritesAreDone() {
        String note = org.rapport.cli.command.ServeCommandAccess.holder("0.0.0.0", 7070, 42);
        assertThat(note).startsWith("rapport serve at http://localhost:7070 (pid 42)")
                .contains("analyze on http://localhost:7070/jobs")
                .contains("budget allocate and segment rules, descriptions and budgets on http://localhost:7070/workspace")
                .contains("users on http://localhost:7070/users");
    }
}
