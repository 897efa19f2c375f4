package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.rapport.store.TestData;

/**
 * Every validation rule and whole-file failure of a transactions ingest, with the exact message. Under
 * on-error fail nothing may be written, so each failing case also checks that the store is empty.
 */
class IngestValidationTest extends InMemoryStoreTest {

    private IngestException fails(String content) {
        return fails(content, IngestOptions.defaults());
    }

    private IngestException fails(String content, IngestOptions o) {
        Path f = TestData.write(dir, "t.csv", content);
        IngestException e = catchThrowableOfType(IngestException.class,
                () -> ingestor.ingest(Kind.TRANSACTIONS, f, o, IngestProgress.NONE));
        assertThat(e).as("ingest of %s", content).isNotNull();
        assertThat(store.count("transactions")).isZero();
        assertThat(store.loads()).isEmpty();
        return e;
    }

    private String file() {
        return dir.resolve("t.csv").toString();
    }

    @Test
    void badNumber() {
        IngestException e = fails("customer_id,date,amount\nc1,2024-01-01,10.5\nc2,2024-01-02,abc\n");
        assertThat(e.errors()).extracting(InputError::message)
                .containsExactly(file() + ":3: field 'amount': 'abc' is not a number");
        assertThat(e.errorCount()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith(file() + ": 1 bad row, nothing loaded")
                .contains("\n  " + file() + ":3: field 'amount': 'abc' is not a number");
    }

    @Test
    void decimalCommaIsNotANumber() {
        IngestException e = fails("customer_id,date,amount\nc1,2024-01-01,\"10,5\"\n");
        assertThat(e.errors().get(0).message()).isEqualTo(file() + ":2: field 'amount': '10,5' is not a number");
    }

    @Test
    void nonFiniteNumber() {
        IngestException e = fails("customer_id,date,amount\nc1,2024-01-01,NaN\nc1,2024-01-01,inf\n");
        assertThat(e.errors()).extracting(InputError::message).containsExactly(
                file() + ":2: field 'amount': 'NaN' is not a finite number",
                file() + ":3: field 'amount': 'inf' is not a finite number");
    }

    @Test
    void badDates() {
        IngestException e = fails("customer_id,date,amount\nc1,1997-13-01,1\nc1,1997-02-30,1\nc1,19970230,1\nc1,yesterday,1\n");
        assertThat(e.errors()).extracting(InputError::message).containsExactly(
                file() + ":2: field 'date': '1997-13-01' is not a date",
                file() + ":3: field 'date': '1997-02-30' is not a date",
                file() + ":4: field 'date': '19970230' is not a date",
                file() + ":5: field 'date': 'yesterday' is not a date");
    }

    @Test
    void emptyRequiredValues() {
        IngestException e = fails("customer_id,date,amount\n,1997-01-01,1\n  ,1997-01-01,1\nc1,,1\nc1,1997-01-01,\n");
        assertThat(e.errors()).extracting(InputError::message).containsExactly(
                file() + ":2: field 'customer_id' is empty",
                file() + ":3: field 'customer_id' is empty",
                file() + ":4: field 'date' is empty",
                file() + ":5: field 'amount' is empty");
    }

    @Test
    void severalProblemsOnOneRowAreAllReported() {
        IngestException e = fails("customer_id,date,amount,quantity\nc1,never,abc,x\n");
        assertThat(e.errors()).extracting(InputError::message).containsExactly(
                file() + ":2: field 'date': 'never' is not a date",
                file() + ":2: field 'amount': 'abc' is not a number",
                file() + ":2: field 'quantity': 'x' is not a number");
        assertThat(e.errorCount()).as("bad rows, not problems").isEqualTo(1);
    }

    @Test
    void negativeQuantityOnlyOnReturns() {
        IngestException e = fails("customer_id,date,amount,quantity\nc1,1997-01-01,10,-1\nc1,1997-01-02,-10,-1\n");
        assertThat(e.errors()).extracting(InputError::message).containsExactly(file()
                + ":2: field 'quantity': '-1' is negative on a line with a positive amount (a return has a negative amount)");
    }

    @Test
    void missingColumnListsTheColumns() {
        IngestException e = fails("customer_id,date,qty\nc1,1997-01-01,1\n");
        assertThat(e.getMessage()).isEqualTo(file() + ": missing column 'amount' (columns: customer_id, date, qty)");
    }

    @Test
    void emptyFiles() {
        assertThat(fails("").getMessage()).isEqualTo(file() + ": the file is empty");
        assertThat(fails("\n\n  \n").getMessage()).isEqualTo(file() + ": the file is empty");
        assertThat(fails("customer_id,date,amount\n").getMessage()).isEqualTo(file() + ": no data rows");
        assertThat(fails("customer_id,date,amount\n\n\n").getMessage()).isEqualTo(file() + ": no data rows");
    }

    @Test
    void missingFileAndFolder() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> ingestor.ingest(Kind.TRANSACTIONS, missing))
                .isInstanceOf(IngestException.class).hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> ingestor.ingest(Kind.TRANSACTIONS, dir))
                .isInstanceOf(IngestException.class).hasMessage(dir + ": not a regular file");
    }

    @Test
    void lineNumbersCountHeaderBlankLinesAndQuotedLineBreaks() {
        String content = "\uFEFFcustomer_id,date,amount,channel\r\n"   // 1 (with a byte order mark)
                + "c1,1997-01-01,1,\"web\r\nshop\"\r\n"                // 2-3
                + "\r\n"                                               // 4 blank
                + "c2,1997-01-01,1,\"a \"\"quoted\"\"\n\nnote\"\r\n"   // 5-7
                + "c3,1997-01-01,x,store\r\n"                           // 8
                + "\r\n\r\n"                                           // 9-10
                + "c4,1997-01-01,y,store";                              // 11, no final line break
        IngestException e = fails(content);
        assertThat(e.errors()).extracting(InputError::line).containsExactly(8L, 11L);
    }

    @Test
    void recordsWithTheWrongShape() {
        String content = "customer_id,date,amount\n"
                + "c1,1997-01-01,1\n"
                + "c2,1997-01-01\n"                 // 3: too few
                + "c3,1997-01-01,1,extra\n"         // 4: too many
                + "c4,1997-01-01,1,,\n"             // 5: empty extra fields are accepted, as DuckDB does
                + "c5,\"1997-01-01\"x,1\n"          // 6: text after a closing quote
                + "c6,1997-01-01,abc\n"             // 7: a value problem among them
                + "c7,\"1997-01-01,1\n";           // 8: quote never closed
        IngestException e = fails(content);
        assertThat(e.errors()).extracting(InputError::message).containsExactly(
                file() + ":3: expected 3 fields, found 2",
                file() + ":4: expected 3 fields, found 4",
                file() + ":6: text after a closing quote (quote the whole field and double any quote inside)",
                file() + ":7: field 'amount': 'abc' is not a number",
                file() + ":8: a quoted field is not closed before the end of the file");
        assertThat(e.errorCount()).isEqualTo(5);
    }

    @Test
    void invalidUtf8() {
        Path f = dir.resolve("t.csv");
        byte[] head = "customer_id,date,amount\nc1,1997-01-01,1\nc".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ",1997-01-01,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xff;
        all[head.length + 1] = (byte) 0xfe;
        System.arraycopy(tail, 0, all, head.length + 2, tail.length);
        try {
            Files.write(f, all);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        IngestException e = catchThrowableOfType(IngestException.class, () -> ingestor.ingest(Kind.TRANSACTIONS, f));
        assertThat(e.errors()).extracting(InputError::message).containsExactly(file() + ":3: is not valid UTF-8 text");
    }

    @Test
    void messageListsTheFirstProblemsAndTheCount() {
        StringBuilder b = new StringBuilder("customer_id,date,amount\n");
        for (int i = 0; i < 25; i++) {
            b.append("c").append(i).append(",1997-01-01,").append(i % 2 == 0 ? "bad" : "1").append('\n');
        }
        IngestException e = fails(b.toString(), IngestOptions.defaults().withMaxErrors(3));
        assertThat(e.errorCount()).isEqualTo(13);
        assertThat(e.errors()).extracting(InputError::line).containsExactly(2L, 4L, 6L);
        assertThat(e.getMessage()).startsWith(file() + ": 13 bad rows, nothing loaded").endsWith("(first 3 problems shown)");
    }

    @Test
    void dateFormats() {
        Path iso = TestData.write(dir, "iso.csv", "customer_id,date,amount\nc1,1997-01-01,1\nc1,1997-01-01 10:30:00,1\n"
                + "c1,1997-01-01T10:30:15.5,1\nc1,19970102,1\n");
        ingestor.ingest(Kind.TRANSACTIONS, iso);
        assertThat(store.query("SELECT CAST(ts AS VARCHAR) FROM transactions ORDER BY source_row", rs -> rs.getString(1)))
                .containsExactly("1997-01-01 00:00:00", "1997-01-01 10:30:00", "1997-01-01 10:30:15.5", "1997-01-02 00:00:00");
        Path dmy = TestData.write(dir, "dmy.csv", "customer_id,date,amount\nc2,31/01/1997,1\nc2,1997-01-31,1\n");
        IngestException e = catchThrowableOfType(IngestException.class, () -> ingestor.ingest(Kind.TRANSACTIONS, dmy,
                IngestOptions.defaults().withDateFormat("dd/MM/yyyy"), IngestProgress.NONE));
        assertThat(e.errors()).extracting(InputError::message)
                .containsExactly(dmy + ":3: field 'date': '1997-01-31' is not a date in the format '%d/%m/%Y'");
        Path dmy2 = TestData.write(dir, "dmy2.csv", "customer_id,date,amount\nc2,31/01/1997,1\n");
        ingestor.ingest(Kind.TRANSACTIONS, dmy2, IngestOptions.defaults().withDateFormat("%d/%m/%Y"), IngestProgress.NONE);
        assertThat(store.queryLong("SELECT count(*) FROM transactions WHERE ts = TIMESTAMP '1997-01-31'")).isEqualTo(1);
        assertThatThrownBy(() -> ingestor.ingest(Kind.TRANSACTIONS, dmy2,
                IngestOptions.defaults().withDateFormat("%Q"), IngestProgress.NONE))
                .isInstanceOf(IngestException.class).hasMessageStartingWith(dmy2 + ": date format '%Q' is not valid");
        assertThatThrownBy(() -> IngestOptions.defaults().withDateFormat("dd/MMM/yyyy QQ"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pattern letter 'Q'");
    }

    @Test
    void spacesAroundValuesAreTrimmed() {
        Path f = TestData.write(dir, "t.csv", "customer_id,date,amount,quantity,channel\n"
                + "  c1 , 1997-01-01 ,  12.5 , 2 ,  web \n"
                + "c2,19970102, 3,   ,   \n");
        ingestor.ingest(Kind.TRANSACTIONS, f);
        assertThat(store.query("SELECT customer_id || '|' || ts || '|' || amount || '|' || coalesce(quantity::VARCHAR, '-') "
                + "|| '|' || coalesce(channel, '-') FROM transactions ORDER BY source_row", rs -> rs.getString(1)))
                .containsExactly("c1|1997-01-01 00:00:00|12.5|2.0|web", "c2|1997-01-02 00:00:00|3.0|-|-");
    }

    @Test
    void onlySpacesIsEmpty() {
        IngestException e = fails("customer_id,date,amount\nc1,1997-01-01,   \n");
        assertThat(e.errors().get(0).message()).isEqualTo(file() + ":2: field 'amount' is empty");
    }
}
