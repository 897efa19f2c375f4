package org.rapport.model.special;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apfloat.Apfloat;
import org.apfloat.ApfloatMath;

/**
 * The grid on which Hyp2F1 is tested, and the table of {@link Hyp2F1Oracle} values on it.
 *
 * <p>apfloat takes ~0.1&ndash;1 s per point at 50&ndash;400 digits, so the 1,064 oracle values are computed
 * once by {@link #main} into {@code hyp2f1-apfloat.csv}; {@code Hyp2F1Test} checks Hyp2F1 against every
 * row and recomputes a sample of rows with the oracle on each run, so the file cannot drift from the
 * oracle. Regenerate with (from the module directory, after {@code mvn test-compile}; about 8 minutes):
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.rapport.model.special.Hyp2F1OracleTable \
 *     src/test/resources/org/rapport/model/special/hyp2f1-apfloat.csv
 * </pre>
 */
final class Hyp2F1OracleTable {
    static final String RESOURCE = "hyp2f1-apfloat.csv";

    private Hyp2F1OracleTable() {
    }

    /**
     * Every branch of Hyp2F1: the plain series (z &le; 0.9), Pfaff for z &lt; 0 (|z| up to 40, so the
     * mapped argument reaches 0.976), the 1&minus;z transformation up to z = 1 &minus; 1e-6 with c&minus;a&minus;b
     * generic, an integer (15.3.10&ndash;12) and within 1e-9 or 1e-6 of one; then the shapes the
     * buy-till-you-die models use, with x up to 300 and z up to 1 &minus; 1e-7.
     *
     * @return (a, b, c, z) points
     */
    static List<double[]> grid() {
        List<double[]> points = new ArrayList<>();
        double[] zs = {-40, -3, -1, -0.6, -0.2, 0.05, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 0.999, 1 - 1e-6};
        double[][] abs = {{0.3, 0.7}, {1, 2.5}, {0.55, 12.3}, {7.5, 3.2}, {25, 40}};
        for (double z : zs) {
            for (double[] ab : abs) {
                double a = ab[0];
                double b = ab[1];
                double[] cs = {0.8, 4.1, 30.5, a + b - 2, a + b, a + b + 1, a + b + 3, a + b + 1 + 1e-9, a + b + 1 - 1e-6};
                for (double c : cs) {
                    // c below both a and b with z < 0 is outside the supported domain (tested separately).
                    if (c > 0 && !(z < 0 && c < Math.min(a, b))) {
                        points.add(new double[] {a, b, c, z});
                    }
                }
            }
        }
        // Pareto/NBD A0 (Fader & Hardie 2005, (19)-(20)) and its Euler form 2F1(1, B; C; z); BG/NBD
        // (FHL 2005, (7) and (10)) with (a, b) = (0.793, 2.426).
        double[][] rs = {{0.553, 0.606}, {0.05, 3.0}, {2.5, 0.1}};
        double[] xs = {0, 1, 7, 30, 300};
        double[] zs2 = {0.02, 0.45, 0.8, 0.97, 0.9999, 1 - 1e-7};
        for (double[] rsPair : rs) {
            double r = rsPair[0];
            double s = rsPair[1];
            for (double x : xs) {
                double a = r + s + x;
                for (double z : zs2) {
                    points.add(new double[] {a, s + 1, a + 1, z});
                    points.add(new double[] {a, r + x, a + 1, z});
                    points.add(new double[] {1, r + x, a + 1, z});
                    points.add(new double[] {1, s + 1, a + 1, z});
                    points.add(new double[] {r + x, 2.426 + x, 0.793 + 2.426 + x - 1, z});
                    if (x == 0) {
                        points.add(new double[] {r, 2.426, 0.793 + 2.426 - 1, z});
                    }
                }
            }
        }
        return points;
    }

    /** @return the rows of the table: a, b, c, z, sign of F, ln |F| */
    static List<double[]> read() {
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = Hyp2F1OracleTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("a,")) {
                    continue;
                }
                String[] f = line.trim().split(",");
                double[] row = new double[6];
                for (int i = 0; i < 6; i++) {
                    row[i] = Double.parseDouble(f[i]);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * Writes the table.
     *
     * @param args the output file
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        List<double[]> grid = grid();
        try (Writer out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            out.write("# sign and ln |2F1(a, b; c; z)| by Hyp2F1Oracle (apfloat 1.15.0: A&S 15.1.1 / 15.3.5 / 15.3.6 at 50 to 400\n");
            out.write("# digits until two precisions agree to 1e-28) at the exact double arguments given here\n");
            out.write("# (Double.toString round-trips). Generated by Hyp2F1OracleTable.main; the grid is Hyp2F1OracleTable.grid().\n");
            out.write("a,b,c,z,sign,lnAbsF\n");
            long t0 = System.nanoTime();
            int done = 0;
            for (double[] p : grid) {
                Apfloat v = Hyp2F1Oracle.value(p[0], p[1], p[2], p[3]);
                String ln = ApfloatMath.log(ApfloatMath.abs(v)).precision(25).toString(true);
                out.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%s%n", p[0], p[1], p[2], p[3], v.signum(), ln));
                if (++done % 50 == 0) {
                    out.flush();
                    System.out.printf(Locale.ROOT, "%d/%d %.1f s%n", done, grid.size(), (System.nanoTime() - t0) / 1e9);
                }
            }
            System.out.printf(Locale.ROOT, "%d points in %.1f s%n", grid.size(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
