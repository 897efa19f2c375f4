package org.rapport.pipeline.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Apache ECharts, read from the {@code org.webjars.npm:echarts} WebJar on the classpath, to be inlined
 * in the report so that it works offline.
 *
 * <p>The version in {@link #RESOURCE} must follow {@code echarts.version} in the parent pom; a test
 * loads it, so a version bump that forgets this line fails the build rather than the user.
 */
final class ChartLibrary {
    /** Where the WebJar keeps the minified library. */
    static final String RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private ChartLibrary() {
    }

    /** The library from this class's loader, read once. */
    private static final class Holder {
        static final String SOURCE = load(ChartLibrary.class.getClassLoader());
    }

    /** @return the library's source, from this class's class loader */
    static String source() {
        return Holder.SOURCE;
    }

    /**
     * Reads the library and checks that it can sit inside a {@code <script>} element: the HTML parser
     * ends a script at the first {@code </script} and treats {@code <!--} specially, whatever the
     * JavaScript around it means, so the text must contain neither (5.3.1 does not).
     *
     * @param loader where to look
     * @return the library's source
     * @throws IllegalStateException if the WebJar is not on the classpath or the text cannot be inlined
     */
    static String load(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("cannot write the report: the chart library " + RESOURCE
                        + " is not on the classpath (add the WebJar org.webjars.npm:echarts:5.3.1)");
            }
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String lower = js.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("<!--")) {
                throw new IllegalStateException("cannot inline the chart library " + RESOURCE
                        + ": it contains '</script' or '<!--'");
            }
            return js;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chart library " + RESOURCE, e);
        }
    }
}
