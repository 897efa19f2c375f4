package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.model.fixtures.Fixtures;

class FitCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private Path cdnowSummary() throws IOException {
        StringBuilder sb = new StringBuilder("ID,frequency,recency,T,extra\n");
        for (double[] v : Fixtures.cdnowRows()) {
            sb.append((long) v[0]).append(',').append((long) v[1]).append(',').append(v[2]).append(',')
                    .append(v[3]).append(",ignored\n");
        }
        return write("cdnow.csv", sb.toString());
    }

    @Test
    void fitsBgNbdOnCdnowAndPrintsTheJsonContract() throws IOException {
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", cdnowSummary().toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("model").asText()).isEqualTo("bgnbd");
        assertThat(List.of(j.get("params").fieldNames().next())).containsExactly("r");
        // Published value r = 0.243 (FHL 2005): half a unit in the last printed digit.
        assertThat(j.get("params").get("r").asDouble()).isBetween(0.2425, 0.2435);
        assertThat(j.get("params").get("b").asDouble()).isBetween(2.4255, 2.4265);
        assertThat(j.get("logLikelihood").asDouble()).isBetween(-9582.45, -9582.35);
        assertThat(j.get("n").asLong()).isEqualTo(2357);
        assertThat(j.get("distinctRows").asInt()).isLessThan(2357).isPositive();
        assertThat(j.get("converged").asBoolean()).isTrue();
        assertThat(j.has("stdErrors") && j.has("iterations") && j.has("fitMillis")).isTrue();
        assertThat(j.get("stdErrors").get("alpha").asDouble()).isPositive();
    }

    @Test
    void tablePrintsEveryParameter() throws IOException {
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", cdnowSummary().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("alpha").contains("log-likelihood -9582.4");
    }

    @Test
    void nonNumberNamesFileLineAndField() throws IOException {
        Path p = write("bad.csv", "x,t_x,T\n1,2,3\n1,abc,3\n");
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", p.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(p + ":3: field 't_x': 'abc' is not a number");
    }

    @Test
    void missingColumnIsNamed() throws IOException {
        Path p = write("bad.csv", "x,T\n1,3\n");
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", p.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(p + ": missing column 't_x' (or 'recency')");
    }

    @Test
    void negativeCountIsRejected() throws IOException {
        Path p = write("bad.csv", "x,t_x,T,count\n1,2,3,5\n2,2,3,-1\n");
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", p.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(p + ":3: field 'count': -1 is negative");
    }

    @Test
    void recencyAfterTIsRejected() throws IOException {
        Path p = write("bad.csv", "frequency,recency,T\n1,2,3\n\n2,4,3\n");
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", p.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(p + ":4: field 'recency': 4 is greater than T = 3");
    }

    @Test
    void fractionalPurchaseCountIsRejected() throws IOException {
        Path p = write("bad.csv", "x,t_x,T\n1.5,2,3\n");
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", p.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(":2: field 'x': 1.5 is not a whole number");
    }

    @Test
    void missingFileAndEmptyFileAreInputErrors() throws IOException {
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", dir.resolve("nope.csv").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("nope.csv: no such file");
        Path empty = write("empty.csv", "");
        r = CliRunner.run("fit", "--model", "bgnbd", "--input", empty.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("empty.csv: the file is empty");
        Path headerOnly = write("header.csv", "x,t_x,T\n");
        r = CliRunner.run("fit", "--model", "bgnbd", "--input", headerOnly.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("no data rows");
    }

    @Test
    void degenerateDataExitsWithTheModelCode() throws IOException {
        Path p = write("flat.csv", "x,t_x,T\n0,0,10\n0,0,12\n");
        CliRunner.Result r = CliRunner.run("fit", "--model", "bgnbd", "--input", p.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.MODEL);
        assertThat(r.err()).contains("cannot fit bgnbd").contains("no customer made a repeat purchase");
    }

    @Test
    void unknownModelIsAUsageError() {
        CliRunner.Result r = CliRunner.run("fit", "--model", "nope", "--input", "x.csv");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("--model").contains("bgnbd");
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(CliRunner.run("--help").out()).contains("fit");
        CliRunner.Result r = CliRunner.run("fit", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--model").contains("Exit codes");
    }
}
