package org.rapport.server;

import org.rapport.server.api.Json;
import org.rapport.server.auth.Role;
import org.rapport.server.jobs.ImportFolder;
import org.rapport.server.jobs.Jobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.RapportStore;

/**
 * Issue 15 item 3 (jobs read only from the import folder or uploads; no file content in messages;
 * a refused shape tells nothing about the disk) and item 10 (slow clients, /health, binary bytes in
 * messages), on an empty store.
 */
class ImportFolderTest {
    /** A file that is not transactions, shaped like /etc/os-release. */
    static final String FOREIGN = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n";

    @TempDir
    Path dir;
    RapportStore store;
    RapportServer server;
    String analyst;
    String cco;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("store"));
        store = RapportStore.open(dir.resolve("store/r.duckdb"));
        server = RapportServer.start(store, RapportServer.Options.defaults().withPort(0).withClientTimeout(Duration.ofSeconds(1)));
        server.auth().addUser("ana", Role.ANALYST, List.of(), null);
        server.auth().addUser("ada", Role.CCO, List.of(), null);
        analyst = server.auth().createToken("ana");
        cco = server.auth().createToken("ada");
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> job(String file) throws Exception {
        return post("/api/v1/jobs", analyst, "application/json",
                Json.MAPPER.writeValueAsString(java.util.Map.of("kind", "analyze", "file", file)));
    }

    private HttpResponse<String> upload(String filename, String content) throws Exception {
        String boundary = "b" + System.nanoTime();
        return post("/api/v1/uploads", analyst, "multipart/form-data; boundary=" + boundary, "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: text/csv\r\n\r\n"
                + content + "\r\n--" + boundary + "--\r\n");
    }

    private Jobs.Status finished(long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        Jobs.Status s;
        do {
            Thread.sleep(50);
            s = server.jobs().get(id).orElseThrow();
        } while ((s.state() == Jobs.State.QUEUED || s.state() == Jobs.State.RUNNING) && System.currentTimeMillis() < deadline);
        return s;
    }

    @Test
    void pathsOutsideTheFolderAreRefusedByShapeAlikeWhetherTheyExistOrNot() throws Exception {
        Path outside = dir.resolve("secret.csv");
        Files.writeString(outside, "customer_id,date,amount\nc1,2024-01-01,5\n");
        HttpResponse<String> exists = job(outside.toString());
        HttpResponse<String> missing = job(dir.resolve("nothing-here.csv").toString());
        assertThat(exists.statusCode()).isEqualTo(400);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(exists.body()).path("error").asText()).isEqualTo(Json.MAPPER.readTree(missing.body()).path("error").asText())
                .contains("import folder");
        for (String bad : List.of("/etc/os-release", "../secret.csv", "../../etc/os-release", "a/../../secret.csv", "./x.csv", "..",
                "C:\\x.csv", "a\\..\\x.csv", "x.csv\u0000", ".incoming/x.part", "", "a//b.csv")) {
            assertThat(ImportFolder.wellFormed(bad)).as(bad).isFalse();
        }
        assertThat(ImportFolder.wellFormed("2026/may transactions.csv")).isTrue();
        assertThat(job("../secret.csv").statusCode()).isEqualTo(400);
        assertThat(store.queryLong("SELECT count(*) FROM server_jobs")).isZero();
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheFolderIsAnsweredLikeAMissingFile() throws Exception {
        Path outside = dir.resolve("secret.csv");
        Files.writeString(outside, "customer_id,date,amount\nc1,2024-01-01,5\n");
        Files.createSymbolicLink(server.imports().root().resolve("link.csv"), outside);
        HttpResponse<String> link = job("link.csv");
        assertThat(link.statusCode()).isEqualTo(400);
        assertThat(link.body()).contains("no file 'link.csv' in the import folder").doesNotContain(dir.toString());
        Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(server.imports().root().resolve("sub"), dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("elsewhere/t.csv"), "customer_id,date,amount\nc1,2024-01-01,5\n");
        assertThat(job("sub/t.csv").statusCode()).isEqualTo(400);
    }

    @Test
    void aForeignFileInTheFolderFailsWithoutItsContentInTheMessage() throws Exception {
        Files.writeString(server.imports().root().resolve("os-release.csv"), FOREIGN);
        HttpResponse<String> r = job("os-release.csv");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Jobs.Status s = finished(Json.MAPPER.readTree(r.body()).path("id").asLong());
        assertThat(s.state()).isEqualTo(Jobs.State.FAILED);
        assertThat(s.message()).startsWith("os-release.csv: ").doesNotContain("PRETTY_NAME").doesNotContain("Debian").doesNotContain(dir.toString());
        String stored = store.queryFirst("SELECT file || ' ' || message FROM server_jobs", rs -> rs.getString(1)).orElseThrow();
        assertThat(stored).doesNotContain("PRETTY_NAME").doesNotContain("Debian").doesNotContain(dir.toString());
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + analyst).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).doesNotContain("PRETTY_NAME").doesNotContain("Debian");
    }

    @Test
    void uploadsLandInTheFolderUnderASafeNewNameAndJobsRunOnThem() throws Exception {
        String csv = "customer_id,date,amount\r\nc1,2024-01-01,5\r\nc2,2024-01-02,=1+1\r\n";
        HttpResponse<String> first = upload("../../tx.csv", csv);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(first.body()).path("file").asText()).isEqualTo("tx.csv");
        HttpResponse<String> second = upload("C:\\data\\tx.csv", csv);
        assertThat(Json.MAPPER.readTree(second.body()).path("file").asText()).as("nothing is overwritten").isEqualTo("tx-2.csv");
        assertThat(Files.readString(server.imports().root().resolve("tx.csv"))).isEqualTo(csv);
        assertThat(upload("notes.exe", csv).statusCode()).isEqualTo(400);
        assertThat(Files.list(dir)).as("nothing written outside the folder").noneMatch(p -> p.getFileName().toString().startsWith("tx"));
        // a bad row is named by line and field, without its value
        HttpResponse<String> r = job("tx.csv");
        assertThat(r.statusCode()).isEqualTo(202);
        Jobs.Status s = finished(Json.MAPPER.readTree(r.body()).path("id").asLong());
        assertThat(s.state()).isEqualTo(Jobs.State.FAILED);
        assertThat(s.message()).contains("tx.csv:3: field 'amount'").doesNotContain("=1+1");
        JsonNode audit = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/audit"))
                .header("Authorization", "Bearer " + cco).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(audit.toString()).contains("\"upload\"").contains("tx-2.csv");
        assertThat(post("/api/v1/uploads", analyst, "application/json", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void binaryBytesInMessagesAreEscaped() throws Exception {
        HttpResponse<String> r = post("/api/v1/jobs", analyst, "application/json", "{\"kind\": \"a\\u0007\\u001b[2Jb\\u0085\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        String error = Json.MAPPER.readTree(r.body()).path("error").asText();
        assertThat(error).contains("a\\x07\\x1B[2Jb\\x85").doesNotContain("\u0007").doesNotContain("\u001b");
        assertThat(Printable.text("ok\nline\tx\ufffd")).isEqualTo("ok\nline\\x09x\\uFFFD");
    }

    @Test
    void healthShowsTheStorePathOnlyToTheCco() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"ok\"").doesNotContain("store").doesNotContain(dir.toString());
        for (String[] who : new String[][] {{analyst, "false"}, {cco, "true"}}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .header("Authorization", "Bearer " + who[0]).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body().contains(dir.toString())).isEqualTo(Boolean.parseBoolean(who[1]));
        }
    }

    @Test
    void aClientThatTricklesItsHeadersIsCutOff() throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                Thread.sleep(200);
                try {
                    out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException e) {
                    closed = true;
                }
                if (!closed && in.available() > 0) {
                    closed = true;
                }
            }
            if (!closed) {
                closed = in.read() == -1;
            }
            assertThat(closed).isTrue();
        } catch (java.net.SocketException e) {
            // reset by the server: cut off as well
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("cut off after about the 1 s timeout").isLessThan(5);
        // a client that sends at once is served
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
