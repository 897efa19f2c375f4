package org.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.Migrations;

/** Opening, migrations, settings and the query helpers. */
class RapportStoreTest {
    @TempDir
    Path dir;

    private static final Migration SCORES = new Migration("pipeline", 1, "scores",
            "CREATE TABLE customer_scores (customer_id VARCHAR, clv DOUBLE);");

    @Test
    void openCreatesTheSchemaOnceAndReopens() {
        Path db = dir.resolve("r.duckdb");
        try (RapportStore s = RapportStore.open(db)) {
            assertThat(s.appliedAtOpen()).extracting(Migration::module).contains("store", "storetest");
            assertThat(s.schemaVersion("store")).hasValue(3);
            for (String t : RapportStore.TABLES) {
                assertThat(s.count(t)).as(t).isZero();
            }
            for (String v : RapportStore.VIEWS) {
                assertThat(s.count(v)).as(v).isZero();
            }
            assertThat(s.queryFirst("SELECT note FROM storetest_marker", rs -> rs.getString(1)))
                    .as("the ServiceLoader provider in test resources").contains("applied by TestMigrations");
        }
        assertThat(Files.exists(db)).isTrue();
        try (RapportStore s = RapportStore.open(db)) {
            assertThat(s.appliedAtOpen()).isEmpty();
            assertThat(s.queryLong("SELECT count(*) FROM schema_version")).isEqualTo(4);
        }
    }

    @Test
    void extensionsAreNeverDownloaded() throws Exception {
        try (RapportStore s = RapportStore.open(dir.resolve("r.duckdb")); Connection other = s.newConnection()) {
            for (Connection c : List.of(s.connection(), other)) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isFalse();
                    assertThat(rs.getBoolean(2)).isFalse();
                }
            }
            // read_xlsx lives in the excel extension: with autoload off it fails at once instead of fetching it.
            assertThatThrownBy(() -> s.query("SELECT * FROM read_xlsx('x.xlsx')", rs -> 1))
                    .isInstanceOf(StoreException.class).hasMessageContaining("excel");
        }
    }

    @Test
    void extraMigrationsAreAppliedCheckedAndVersioned() {
        Path db = dir.resolve("r.duckdb");
        try (RapportStore s = RapportStore.open(db, List.of(SCORES))) {
            assertThat(s.appliedAtOpen()).contains(SCORES);
            assertThat(s.schemaVersion("pipeline")).hasValue(1);
            assertThat(s.queryLong("SELECT count(*) FROM customer_scores")).isZero();
        }
        // A tool without the pipeline's migrations still opens the database.
        try (RapportStore s = RapportStore.open(db)) {
            assertThat(s.schemaVersion("pipeline")).hasValue(1);
        }
        Migration edited = new Migration("pipeline", 1, "scores", "CREATE TABLE customer_scores (customer_id VARCHAR);");
        assertThatThrownBy(() -> RapportStore.open(db, List.of(edited))).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("migration pipeline V001 (scores) was changed after it was applied");
        Migration v2 = new Migration("pipeline", 2, "more", "ALTER TABLE customer_scores ADD COLUMN p_alive DOUBLE;");
        try (RapportStore s = RapportStore.open(db, List.of(SCORES, v2))) {
            assertThat(s.appliedAtOpen()).containsExactly(v2);
        }
        Migration v1Other = new Migration("pipeline", 1, "scores", SCORES.sql());
        assertThatThrownBy(() -> RapportStore.open(db, List.of(v1Other)))
                .hasMessage("the database has pipeline V002, but this Rapport only knows pipeline up to V001: use a newer Rapport");
    }

    @Test
    void aFailedMigrationLeavesNoTrace() {
        Path db = dir.resolve("r.duckdb");
        Migration bad = new Migration("pipeline", 1, "broken",
                "CREATE TABLE half (x INTEGER);\nINSERT INTO half SELECT * FROM no_such_table;");
        assertThatThrownBy(() -> RapportStore.open(db, List.of(bad))).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("migration pipeline V001 (broken) failed: Catalog Error");
        try (RapportStore s = RapportStore.open(db)) {
            assertThat(s.schemaVersion("pipeline")).isEmpty();
            assertThat(s.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'")).isZero();
        }
        Migration twice = new Migration("pipeline", 1, "other", "SELECT 1;");
        assertThatThrownBy(() -> RapportStore.open(db, List.of(SCORES, twice)))
                .hasMessage("two migrations pipeline V001 (scores and other)");
    }

    @Test
    void migrationsAreReadFromJars() throws Exception {
        Path jar = dir.resolve("m.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            // Directory entries, as the jar and shade plugins write them: class loaders find folders by them.
            for (String d : List.of("org/", "org/x/", "org/x/schema/")) {
                j.putNextEntry(new JarEntry(d));
                j.closeEntry();
            }
            for (String[] e : new String[][] {
                {"org/x/schema/V002__second.sql", "SELECT 2;"},
                {"org/x/schema/V001__first.sql", "SELECT 1;"},
                {"org/x/schema/README.txt", "not a migration"},
                {"org/x/schema/deeper/V003__no.sql", "SELECT 3;"}}) {
                j.putNextEntry(new JarEntry(e[0]));
                j.write(e[1].getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Migration> ms = Migrations.fromClasspath("x", "org/x/schema", loader);
            assertThat(ms).extracting(Migration::version, Migration::description, Migration::sql)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "first", "SELECT 1;"),
                            org.assertj.core.groups.Tuple.tuple(2, "second", "SELECT 2;"));
        }
        assertThat(Migrations.store()).extracting(Migration::description).containsExactly("base", "run_journal", "memberships");
    }

    @Test
    void queryHelpersBindValues() {
        try (RapportStore s = RapportStore.inMemory(List.of())) {
            s.update("CREATE TABLE t (name VARCHAR, n BIGINT, d DATE)");
            s.update("INSERT INTO t VALUES (?, ?, ?), (?, ?, ?)", "it's", 1L, java.time.LocalDate.of(2020, 1, 2),
                    "x'); DROP TABLE t; --", 2, null);
            assertThat(s.query("SELECT name FROM t ORDER BY n", rs -> rs.getString(1)))
                    .containsExactly("it's", "x'); DROP TABLE t; --");
            assertThat(s.queryLong("SELECT n FROM t WHERE d = ?", java.time.LocalDate.of(2020, 1, 2))).isEqualTo(1);
            assertThat(s.queryFirst("SELECT name FROM t WHERE n > ?", rs -> rs.getString(1), 5)).isEmpty();
            List<Long> seen = new ArrayList<>();
            assertThat(s.stream("SELECT n FROM t ORDER BY n", rs -> rs.getLong(1), seen::add)).isEqualTo(2);
            assertThat(seen).containsExactly(1L, 2L);
            assertThatThrownBy(() -> s.inTransaction(c -> {
                s.update("DELETE FROM t");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(s.queryLong("SELECT count(*) FROM t")).as("rolled back").isEqualTo(2);
            long deleted = s.inTransaction(c -> s.update("DELETE FROM t WHERE n = 1"));
            assertThat(deleted).isEqualTo(1);
            assertThatThrownBy(() -> s.count("t")).hasMessageStartingWith("'t' is not a known table (known: transactions,");
            assertThatThrownBy(() -> s.query("SELECT * FROM nowhere", rs -> 1))
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("query failed: Catalog Error");
        }
    }

    @Test
    void aSecondProcessIsToldTheDatabaseIsInUse() throws Exception {
        Path db = dir.resolve("r.duckdb");
        try (RapportStore s = RapportStore.open(db)) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), org.rapport.store.ingest.IngestChild.class.getName(),
                    db.toString(), dir.resolve("none.csv").toString()).redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor()).isNotZero();
            assertThat(out).contains("StoreException: the store " + db + " is in use: it is open in process ")
                    .contains("wait for it to finish, or stop it");
            assertThat(out.lines().findFirst().orElse("")).as("the message itself").doesNotContain("Conflicting lock");
            assertThat(s.count("loads")).isZero();
        }
    }

    @Test
    void aHolderThatSaidWhoItIsIsNamedWithWhatToDo() throws Exception {
        // Issue 20: `rapport budget allocate` while the server ran said "database ... in use" with a PID.
        Path db = dir.resolve("r.duckdb");
        try (RapportStore s = RapportStore.open(db)) {
            s.announceHolder("rapport serve at http://127.0.0.1:7070 (pid 42)");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), org.rapport.store.ingest.IngestChild.class.getName(),
                    db.toString(), dir.resolve("none.csv").toString()).redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor()).isNotZero();
            assertThat(out).contains("is in use: it is held by rapport serve at http://127.0.0.1:7070 (pid 42). "
                    + "Stop it (Ctrl-C), or work through it");
        }
        assertThat(Files.exists(dir.resolve("r.duckdb.holder"))).as("the note goes at close").isFalse();
    }

    @Test
    void openErrors() {
        assertThatThrownBy(() -> RapportStore.open(dir.resolve("no/such/folder/r.duckdb")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> RapportStore.open(dir)).hasMessageEndingWith("it is a folder");
        RapportStore s = RapportStore.open(dir.resolve("r.duckdb"));
        s.close();
        assertThatThrownBy(s::connection).hasMessage("the store " + dir.resolve("r.duckdb") + " is closed");
    }
}
