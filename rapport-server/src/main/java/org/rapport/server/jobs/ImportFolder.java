package org.rapport.server.jobs;

import org.rapport.server.auth.Auth;

import org.rapport.server.Printable;

import org.rapport.server.api.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The only place jobs of the server read input from: a folder ({@code serve --import-dir}, by default
 * {@code import} beside the store) that files are copied into or uploaded to ({@code POST
 * /api/v1/uploads}). A job names a file relative to it. A name is checked by its shape before the
 * disk is touched (relative, segments of letters, digits, {@code . _ - space}, none starting with a
 * dot, so no {@code ..}, no absolute path, no backslash, no control character): a refused shape says
 * nothing about what exists elsewhere. A name of the right shape is then resolved with its symbolic
 * links; one that leads outside the folder is answered exactly like a missing file.
 */
public final class ImportFolder {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._ -]{0,127}");
    private static final Pattern EXTENSION = Pattern.compile(".*\\.(csv|tsv|txt|parquet|pq|csv\\.gz|tsv\\.gz|txt\\.gz)");
    /** The deepest sub-folder a name may point into. */
    static final int MAX_DEPTH = 8;

    private final Path root;
    private final Path realRoot;

    /**
     * @param root the folder; created if missing
     * @throws UncheckedIOException if it cannot be created
     */
    public ImportFolder(Path root) {
        try {
            Files.createDirectories(root.resolve(INCOMING));
            this.root = root.toAbsolutePath().normalize();
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the import folder " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param store the open store
     * @return the default import folder: {@code import} beside the store's file (a temporary folder for an in-memory store)
     */
    public static Path besideStore(org.rapport.store.RapportStore store) {
        Path db = store.file();
        if (db == null) {
            try {
                return Files.createTempDirectory("rapport-import");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return db.toAbsolutePath().getParent().resolve("import");
    }

    /** The hidden sub-folder where uploads are written while they arrive (no job can name it). */
    static final String INCOMING = ".incoming";

    /** @return the hidden sub-folder of uploads in progress */
    public Path incoming() {
        return root.resolve(INCOMING);
    }

    /** @return the folder */
    public Path root() {
        return root;
    }

    /**
     * The files a job may read: regular files of the right name shape, inside the folder (symbolic
     * links that lead out are left out), newest first; at most 500.
     *
     * @return their names relative to the folder, with their size in bytes
     */
    public List<Map.Entry<String, Long>> files() {
        List<Map.Entry<String, Long>> out = new ArrayList<>();
        try (java.util.stream.Stream<Path> all = Files.walk(root, MAX_DEPTH + 1)) {
            List<Path> paths = all.filter(p -> !p.equals(root)).toList();
            List<Path> sorted = new ArrayList<>(paths);
            sorted.sort(java.util.Comparator.comparing((Path p) -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    return 0L;
                }
            }).reversed());
            for (Path p : sorted) {
                String name = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                if (out.size() >= 500 || !wellFormed(name)) {
                    continue;
                }
                try {
                    Path real = p.toRealPath();
                    if (real.startsWith(realRoot) && Files.isRegularFile(real)) {
                        out.add(Map.entry(name, Files.size(real)));
                    }
                } catch (IOException e) {
                    // unreadable: not offered
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return out;
        }
        return out;
    }

    /**
     * @param name a file name as a client sent it
     * @return whether it has the shape of a name inside the folder (nothing is read from disk)
     */
    public static boolean wellFormed(String name) {
        if (name == null || name.isEmpty() || name.length() > 512) {
            return false;
        }
        String[] parts = name.split("/", -1);
        if (parts.length > MAX_DEPTH + 1) {
            return false;
        }
        for (String p : parts) {
            if (!SEGMENT.matcher(p).matches() || p.endsWith(" ")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resolves a job's input.
     *
     * @param name a name relative to the folder, e.g. {@code transactions.csv} or {@code 2026/may.parquet}
     * @return the file's real path, inside the folder
     * @throws ApiError 400 if the name has the wrong shape, or no regular file of that name is in the folder
     */
    public Path resolve(String name) {
        if (!wellFormed(name)) {
            throw ApiError.badRequest("file: give the name of a file in the server's import folder (serve --import-dir), relative to it: "
                    + "letters, digits, '.', '_', '-' and spaces, sub-folders with '/', no '..' and no absolute path; "
                    + "or upload the file first with POST /api/v1/uploads");
        }
        Path p = root.resolve(name).normalize();
        try {
            Path real = p.startsWith(root) ? p.toRealPath() : null;
            if (real != null && real.startsWith(realRoot) && Files.isRegularFile(real)) {
                return real;
            }
        } catch (NoSuchFileException e) {
            // answered below, like a file outside the folder
        } catch (IOException e) {
            // the same: nothing readable of that name in the folder
        }
        throw ApiError.badRequest("file: no file '" + name + "' in the import folder: upload it with POST /api/v1/uploads or copy it there");
    }

    /**
     * @param clientName the file name the client sent (any path in it is dropped), or null
     * @return a name of the right shape: unsafe characters replaced by {@code _}
     * @throws ApiError 400 if the name is not of a CSV or Parquet file
     */
    static String uploadName(String clientName) {
        String n = clientName == null ? "" : clientName;
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
        if (n.length() > 100) {
            n = n.substring(n.length() - 100).replaceAll("^[._-]+", "");
        }
        if (!EXTENSION.matcher(n.toLowerCase(Locale.ROOT)).matches() || !SEGMENT.matcher(n).matches()) {
            throw ApiError.badRequest("file: upload a CSV or Parquet file (.csv, .tsv, .txt, .parquet, .pq, or .gz of a text file), "
                    + "not '" + Printable.text(clientName) + "'");
        }
        return n;
    }

    /**
     * Saves an upload: written to a hidden part file first, then linked to its name; a name that is
     * taken gets {@code -2}, {@code -3}, ... before its extension, so nothing is overwritten.
     *
     * @param clientName the file name the client sent
     * @param content the bytes
     * @return the name it was saved as (relative to the folder)
     * @throws UncheckedIOException if it cannot be written
     */
    public String save(String clientName, InputStream content) {
        String name = uploadName(clientName);
        Path part = incoming().resolve(Auth.randomToken() + ".part");
        try {
            Files.copy(content, part);
            int dot = name.toLowerCase(Locale.ROOT).matches(".*\\.(csv|tsv|txt)\\.gz") ? name.lastIndexOf('.', name.length() - 4)
                    : name.lastIndexOf('.');
            for (int i = 1; i < 10_000; i++) {
                String candidate = i == 1 ? name : name.substring(0, dot) + "-" + i + name.substring(dot);
                try {
                    // a hard link fails at once if the name is taken (a rename would replace it)
                    try {
                        Files.createLink(root.resolve(candidate), part);
                    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                        if (e instanceof FileAlreadyExistsException taken) {
                            throw taken;
                        }
                        Files.move(part, root.resolve(candidate));
                    }
                    return candidate;
                } catch (FileAlreadyExistsException e) {
                    // taken: try the next
                }
            }
            throw new ApiError(409, "file: too many uploads named '" + name + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the upload: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // a part file left behind is hidden from jobs (its name starts with a dot)
            }
        }
    }
}
