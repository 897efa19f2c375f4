package org.rapport.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with allocation-free ASCII formatting of the values the CSV files hold:
 * whole numbers, fixed-point decimals, ISO dates and doubles. Not thread-safe; one per chunk and file.
 */
final class ByteBuf {
    private byte[] a;
    private int n;

    ByteBuf(int capacity) {
        a = new byte[Math.max(16, capacity)];
    }

    /** @return bytes held */
    int size() {
        return n;
    }

    /** @param out where to write the bytes held @throws IOException from the stream */
    void writeTo(OutputStream out) throws IOException {
        out.write(a, 0, n);
    }

    private void ensure(int extra) {
        if (n + extra > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, n + extra));
        }
    }

    ByteBuf put(byte b) {
        ensure(1);
        a[n++] = b;
        return this;
    }

    ByteBuf comma() {
        return put((byte) ',');
    }

    ByteBuf newline() {
        return put((byte) '\n');
    }

    ByteBuf put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, a, n, bytes.length);
        n += bytes.length;
        return this;
    }

    /** @param v a whole number @return this */
    ByteBuf putLong(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return put(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            }
            a[n++] = '-';
            v = -v;
        }
        int len = 1;
        for (long p = 10; len < 19 && v >= p; p *= 10) {
            len++;
        }
        for (int i = n + len - 1; i >= n; i--) {
            a[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n += len;
        return this;
    }

    /**
     * @param scaled a non-negative value times 10<sup>decimals</sup>
     * @param decimals digits after the point, &ge; 1
     * @return this, with e.g. 1234 and 2 written as {@code 12.34}
     */
    ByteBuf putFixed(long scaled, int decimals) {
        ensure(22);
        int start = n;
        for (int i = 0; i < decimals; i++) {
            a[n++] = (byte) ('0' + scaled % 10);
            scaled /= 10;
        }
        a[n++] = '.';
        do {
            a[n++] = (byte) ('0' + scaled % 10);
            scaled /= 10;
        } while (scaled != 0);
        reverse(start, n - 1);
        return this;
    }

    /** Significant digits of {@link #putSignificant}. */
    static final int SIGNIFICANT = 10;
    private static final double[] POW10 = new double[700];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + (i - 350));
        }
    }

    /**
     * Writes a finite double rounded to {@value #SIGNIFICANT} significant digits: plain decimal
     * notation (trailing zeros dropped) for magnitudes in [1e-4, 1e10), otherwise {@code d.dddE-n}.
     * Several times faster than {@link Double#toString}, which dominated the time spent on the truth file.
     *
     * @param v a finite double
     * @return this
     */
    ByteBuf putSignificant(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return put(Double.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
        ensure(32);
        if (v < 0) {
            a[n++] = '-';
            v = -v;
        }
        int e = (int) Math.floor(Math.log10(v));
        long m = Math.round(v * POW10[350 + SIGNIFICANT - 1 - e]);
        if (m >= 10_000_000_000L) {
            m /= 10;
            e++;
        } else if (m < 1_000_000_000L) {
            m *= 10;
            e--;
        }
        int digits = SIGNIFICANT;
        while (m % 10 == 0 && digits > 1) {
            m /= 10;
            digits--;
        }
        byte[] d = new byte[SIGNIFICANT];
        for (int i = digits - 1; i >= 0; i--) {
            d[i] = (byte) ('0' + m % 10);
            m /= 10;
        }
        if (e >= -4 && e < SIGNIFICANT) {
            return plain(d, digits, e);
        }
        a[n++] = d[0];
        if (digits > 1) {
            a[n++] = '.';
            for (int i = 1; i < digits; i++) {
                a[n++] = d[i];
            }
        }
        a[n++] = 'E';
        return putLong(e);
    }

    /** The digits d (of which {@code digits} count) times 10^e in plain decimal notation. */
    private ByteBuf plain(byte[] d, int digits, int e) {
        if (e < 0) {
            a[n++] = '0';
            a[n++] = '.';
            for (int i = -1; i > e; i--) {
                a[n++] = '0';
            }
            for (int i = 0; i < digits; i++) {
                a[n++] = d[i];
            }
        } else {
            for (int i = 0; i <= e; i++) {
                a[n++] = i < digits ? d[i] : (byte) '0';
            }
            if (digits > e + 1) {
                a[n++] = '.';
                for (int i = e + 1; i < digits; i++) {
                    a[n++] = d[i];
                }
            }
        }
        return this;
    }

    /**
     * @param v a finite double
     * @return the double that {@link #putSignificant} writes for {@code v}, as read back
     */
    static double significant(double v) {
        ByteBuf b = new ByteBuf(32).putSignificant(v);
        return Double.parseDouble(new String(b.a, 0, b.n, StandardCharsets.US_ASCII));
    }

    /** @return the bytes held, as ASCII text (for tests) */
    @Override
    public String toString() {
        return new String(a, 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Writes an ISO date, {@code yyyy-MM-dd}, for years 0 to 9999, by the days-to-civil algorithm of
     * H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013).
     *
     * @param epochDay days since 1970-01-01
     * @return this
     */
    ByteBuf putDate(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
        ensure(10);
        a[n++] = (byte) ('0' + y / 1000);
        a[n++] = (byte) ('0' + y / 100 % 10);
        a[n++] = (byte) ('0' + y / 10 % 10);
        a[n++] = (byte) ('0' + y % 10);
        a[n++] = '-';
        a[n++] = (byte) ('0' + m / 10);
        a[n++] = (byte) ('0' + m % 10);
        a[n++] = '-';
        a[n++] = (byte) ('0' + d / 10);
        a[n++] = (byte) ('0' + d % 10);
        return this;
    }

    private void reverse(int i, int j) {
        while (i < j) {
            byte t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
    }

    /**
     * @param field a text field
     * @return its CSV bytes in UTF-8: quoted, with quotes doubled, if it holds a comma, quote or line break
     */
    static byte[] csv(String field) {
        boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        String s = quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
