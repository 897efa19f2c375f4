package org.rapport.store.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One versioned schema change: a SQL script that runs once per database, inside a transaction, and is
 * recorded in {@code schema_version}.
 *
 * <p>Migrations are grouped by {@code module} ({@code "store"} for this module's base tables,
 * {@code "pipeline"} for the pipeline's derived tables, ...). Within a module versions run in ascending
 * order; modules run after {@code "store"}, in name order. A script may hold several statements
 * separated by semicolons. Once applied, a script must never change: its SHA-256 checksum is stored
 * and checked at every open.
 *
 * @param module the owning module, lower case, e.g. {@code "pipeline"}
 * @param version the version within the module, from 1
 * @param description a short name, e.g. {@code "base"} (from {@code V001__base.sql})
 * @param sql the script
 */
public record Migration(String module, int version, String description, String sql) {

    /**
     * Checks the fields.
     *
     * @param module the owning module, lower case
     * @param version the version within the module, from 1
     * @param description a short name
     * @param sql the script
     */
    public Migration {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
        if (!module.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("module '" + module + "' is not a lower-case name");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version " + version + " of " + module + " is not at least 1");
        }
    }

    /**
     * The SHA-256 of the script with line endings normalised to {@code \n}, so a checkout with CRLF line
     * endings does not look like an edited migration.
     *
     * @return 64 lower-case hex digits
     */
    public String checksum() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
