package org.rapport.store.ingest;

/**
 * A validated or stored column of the staging table.
 *
 * @param id the suffix of its staging columns: {@code v_<id>} value, {@code e_<id>} problem code,
 *     {@code r_<id>} raw text of bad rows (a table column name, or {@code need<k>})
 * @param spec its type, requiredness and rule
 * @param source the file column index, or -1 when the file does not have it
 * @param field the file column name, for messages
 */
record StageColumn(String id, ColumnSpec spec, int source, String field) {

    boolean mapped() {
        return source >= 0;
    }

    /** Whether the staging table has {@code e_<id>}. */
    boolean checked() {
        return mapped() && spec.validated();
    }

    /** Whether the staging table has {@code r_<id>} (the value column already holds the text of TEXT columns). */
    boolean keepsRaw() {
        return mapped() && spec.type() != ColumnSpec.Type.TEXT;
    }
}
