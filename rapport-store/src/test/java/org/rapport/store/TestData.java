package org.rapport.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * Test inputs. The CDNOW files are copied from {@code ../shared/data/cdnow/} into test resources,
 * gzip-compressed; {@link #cdnow(String, Path)} restores the original bytes (SHA-256 in {@link #SHA256}).
 */
public final class TestData {
    /** SHA-256 of the files in {@code shared/data/cdnow/}, to show the copies are those files. */
    public static final java.util.Map<String, String> SHA256 = java.util.Map.of(
            "cdnow_transactions.csv", "bf57d0ccd27d1b2f995a89da877fc80b6aa2400c4f4edd34c0108876131f730b",
            "CDNOW_master.txt", "eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef");

    private TestData() {
    }

    /**
     * @param name {@code cdnow_transactions.csv} or {@code CDNOW_master.txt}
     * @param dir a folder to write it to
     * @return the decompressed file
     */
    public static Path cdnow(String name, Path dir) {
        Path out = dir.resolve(name);
        try (InputStream in = new GZIPInputStream(resource("cdnow/" + name + ".gz"))) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name {@code cdnow_transactions.csv} or {@code CDNOW_master.txt}
     * @param dir a folder to write it to
     * @return the gzip-compressed file, {@code name + ".gz"}
     */
    public static Path cdnowGzip(String name, Path dir) {
        Path out = dir.resolve(name + ".gz");
        try (InputStream in = resource("cdnow/" + name + ".gz")) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a UTF-8 text file.
     *
     * @param dir the folder
     * @param name the file name
     * @param content the text, written as is (line ends included)
     * @return the file
     */
    public static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = TestData.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        return in;
    }
}
