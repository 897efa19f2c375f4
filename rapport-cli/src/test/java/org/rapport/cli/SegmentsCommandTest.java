package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;

/** {@code rapport segments ...} and {@code rapport budget allocate}, end to end, with every failure mode. */
class SegmentsCommandTest {
    @TempDir
    Path dir;

    @Test
    void withoutScoresEverySegmentStageSaysToAnalyseFirst() {
        String db = CliRunner.emptyStore(dir.resolve("empty.duckdb"));
        CliRunner.Result d = CliRunner.run("segments", "discover", "--db", db);
        assertThat(d.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(d.err()).contains("rapport segments discover: there are no scores yet: run rapport analyze first");
        CliRunner.Result b = CliRunner.run("budget", "allocate", "--total", "1000", "--db", db);
        assertThat(b.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(b.err()).contains("run rapport analyze first");
        CliRunner.Result l = CliRunner.run("segments", "list", "--db", db);
        assertThat(l.exitCode()).as(l.err()).isZero();
        assertThat(l.out()).contains("no segments defined yet: run rapport segments discover");
        // A rule segment can be defined before any analysis; it is assigned later.
        CliRunner.Result def = CliRunner.run("segments", "define", "young", "--rule", "age < 35", "--db", db);
        assertThat(def.exitCode()).as(def.err()).isZero();
        assertThat(def.out()).contains("defined young").contains("run rapport analyze first");
    }

    @Test
    void aBadRuleExitsWithCodeTwoAndACaretUnderTheError() {
        CliRunner.Result r = CliRunner.run("segments", "define", "young", "--rule", "agee < 35 and p_alive > 0.5",
                "--db", dir.resolve("x.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("unknown field 'agee' (did you mean 'age'?) at position 0; known fields:")
                .contains("  agee < 35 and p_alive > 0.5").contains("  ^");
        CliRunner.Result q = CliRunner.run("segments", "define", "x", "--rule", "region = 'north", "--db",
                dir.resolve("x.duckdb").toString());
        assertThat(q.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(q.err()).contains("unterminated text").contains("at position 9");
    }

    @Test
    void discoverDefineSetShowAllocateAndDelete() throws IOException {
        Path world = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(3_000).withSeed(5)).simulate(world);
        String db = dir.resolve("r.duckdb").toString();
        for (String kind : new String[] {"customers", "products"}) {
            CliRunner.Result i = CliRunner.run("ingest", kind, world.resolve(kind + ".csv").toString(), "--db", db);
            assertThat(i.exitCode()).as(i.err()).isZero();
        }
        CliRunner.Result a = CliRunner.run("analyze", world.resolve("transactions.csv").toString(), "--db", db,
                "--model", "bgnbd", "--report", dir.resolve("r.html").toString());
        assertThat(a.exitCode()).as(a.err()).isZero();

        CliRunner.Result d = CliRunner.run("segments", "discover", "--k", "5", "--db", db);
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(d.out()).contains("5 clusters on 5 needs and behaviour (k by forced)").contains("price-driven")
                .contains("3,000 customers, 0 unassigned");

        CliRunner.Result def = CliRunner.run("segments", "define", "young", "--rule", "age < 35 and p_alive > 0.5",
                "--priority", "1", "--description", "young and active", "--db", db);
        assertThat(def.exitCode()).as(def.err()).isZero();
        assertThat(def.out()).contains("defined young").containsPattern("customers +[1-9]");

        CliRunner.Result set = CliRunner.run("segments", "set", "young", "--manager", "Ada", "--team", "growth",
                "--budget", "2500", "--db", db);
        assertThat(set.exitCode()).as(set.err()).isZero();
        CliRunner.Result show = CliRunner.run("segments", "show", "young", "--db", db);
        assertThat(show.out()).contains("manager, team    Ada, growth").contains("budget           2,500.00")
                .contains("rule             age < 35 and p_alive > 0.5 (priority 1)")
                // analyze ran the wallet and the groups, so the KPIs include them.
                .containsPattern("share of wallet  0\\.\\d+").containsPattern("groups +barnacle \\d+");
        CliRunner.Result json = CliRunner.run("segments", "show", "price-driven", "--format", "json", "--db", db);
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"name\":\"price-driven\"").contains("\"distinctiveNeeds\"");
        CliRunner.Result list = CliRunner.run("segments", "list", "--format", "json", "--db", db);
        assertThat(list.out()).contains("\"segments\":[").contains("\"young\"")
                .contains("\"rule\":\"age < 35 and p_alive > 0.5\"").doesNotContain("\"rule\":false");

        CliRunner.Result budget = CliRunner.run("budget", "allocate", "--total", "20000", "--apply", "--db", db);
        assertThat(budget.exitCode()).as(budget.err()).isZero();
        assertThat(budget.out()).contains("young").containsPattern("total +20,000.00")
                .contains("budgets written to the segments");
        CliRunner.Result bj = CliRunner.run("budget", "allocate", "--total", "20000", "--format", "json", "--db", db);
        assertThat(bj.out()).contains("\"marginalReturn\"").contains("\"lambda\"").contains("\"breakEvenTotal\"");

        CliRunner.Result unknown = CliRunner.run("segments", "show", "nope", "--db", db);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(unknown.err()).contains("no segment named 'nope'; segments: young, ");
        CliRunner.Result badSet = CliRunner.run("segments", "set", "young", "--budget", "-1", "--db", db);
        assertThat(badSet.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(badSet.err()).contains("the budget must be a finite number of at least 0");
        CliRunner.Result badTotal = CliRunner.run("budget", "allocate", "--total", "-5", "--db", db);
        assertThat(badTotal.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(badTotal.err()).contains("the total budget must be a finite number of at least 0");
        CliRunner.Result badFormat = CliRunner.run("segments", "list", "--format", "xml", "--db", db);
        assertThat(badFormat.exitCode()).isEqualTo(ExitCodes.INPUT);

        CliRunner.Result del = CliRunner.run("segments", "delete", "young", "--db", db);
        assertThat(del.exitCode()).as(del.err()).isZero();
        assertThat(del.out()).contains("deleted young");
        CliRunner.Result after = CliRunner.run("segments", "list", "--db", db);
        assertThat(after.out()).doesNotContain("young").contains("3,000 customers, 0 unassigned");
    }
}
