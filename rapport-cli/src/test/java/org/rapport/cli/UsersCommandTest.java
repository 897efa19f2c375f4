package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.server.Auth;
import org.rapport.server.Db;
import org.rapport.server.Role;
import org.rapport.store.RapportStore;

/** {@code rapport users add/list} and the checks of {@code rapport serve}'s options. */
class UsersCommandTest {
    @TempDir
    Path dir;

    @Test
    void addPrintsAGeneratedPasswordAndTokenOnceAndStoresOnlyHashes() {
        String db = dir.resolve("r.duckdb").toString();
        CliRunner.Result r = CliRunner.run("users", "add", "sam", "--role", "segment_manager", "--segment", "high_value", "--token", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher pw = Pattern.compile("password  (\\S+)").matcher(r.out());
        Matcher tk = Pattern.compile("token     (\\S+)").matcher(r.out());
        assertThat(pw.find()).isTrue();
        assertThat(tk.find()).isTrue();
        try (RapportStore s = RapportStore.open(Path.of(db)); Db pool = new Db(s, 1)) {
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
        try (RapportStore s = RapportStore.open(Path.of(db)); Db pool = new Db(s, 1)) {
            assertThat(new Auth(pool).checkToken(tk.group(1))).isPresent();
        }
        CliRunner.Result r = CliRunner.run("users", "revoke", "ana", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("revoked 1 token of ana");
        try (RapportStore s = RapportStore.open(Path.of(db)); Db pool = new Db(s, 1)) {
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
        try (RapportStore s = RapportStore.open(Path.of(db)); Db pool = new Db(s, 1)) {
            Auth auth = new Auth(pool);
            sessionId = auth.openSession(auth.user("pat").orElseThrow()).id();
        }
        CliRunner.Result r = CliRunner.run("users", "password", "pat", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher pw = Pattern.compile("password  (\\S+)").matcher(r.out());
        assertThat(pw.find()).as(r.out()).isTrue();
        try (RapportStore s = RapportStore.open(Path.of(db)); Db pool = new Db(s, 1)) {
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
}
