package org.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** DuckDB's memory limit leaves room for the JVM's heap, and can be set. */
class MemoryLimitTest {
    @Test
    void defaultLeavesTheHeapOutAndAPropertyOverrides() {
        long physicalMb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024);
        long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        String limit = RapportStore.memoryLimit();
        long mb = Long.parseLong(limit.replace("MB", ""));
        // 80% of memory less the heap, to a megabyte (integer division), never under 1 GB.
        assertThat(mb).isBetween(Math.max(1024, (long) (0.8 * physicalMb) - heapMb - 2), Math.max(1024, (long) (0.8 * physicalMb) - heapMb + 2));
        try (RapportStore store = RapportStore.inMemory()) {
            // DuckDB shows the limit rounded, e.g. "17.5 GiB"; "MB" is 10^6 bytes in its syntax.
            String shown = store.query("SELECT current_setting('memory_limit')", rs -> rs.getString(1)).get(0);
            double value = Double.parseDouble(shown.replaceAll("[^0-9.]", ""));
            double unit = shown.endsWith("GiB") ? 1L << 30 : shown.endsWith("MiB") ? 1L << 20 : shown.endsWith("TiB") ? 1L << 40 : 1;
            assertThat(value * unit).isCloseTo(mb * 1e6, org.assertj.core.data.Percentage.withPercentage(3));
        }
        System.setProperty("rapport.duckdb.memory", "3GB");
        try {
            assertThat(RapportStore.memoryLimit()).isEqualTo("3GB");
        } finally {
            System.clearProperty("rapport.duckdb.memory");
        }
    }
}
