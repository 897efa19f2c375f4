package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rapport.store.TestData;

/** Delimiters, quoting, headers and column mapping. */
class DialectAndMappingTest extends InMemoryStoreTest {

    private List<String> rows() {
        return store.query("SELECT customer_id || '|' || strftime(ts, '%Y-%m-%d') || '|' || amount || '|' "
                + "|| coalesce(channel, '-') FROM transactions ORDER BY load_id, source_row", rs -> rs.getString(1));
    }

    private IngestReport ingest(String name, String content, IngestOptions o) {
        return ingestor.ingest(Kind.TRANSACTIONS, TestData.write(dir, name, content), o, IngestProgress.NONE);
    }

    @Test
    void delimitersAreDetected() {
        ingest("semi.csv", "customer_id;date;amount;channel\nc1;1997-01-01;1.5;a,b\nc2;1997-01-02;2;\n",
                IngestOptions.defaults());
        ingest("tab.tsv", "customer_id\tdate\tamount\nc3\t1997-01-03\t3\n", IngestOptions.defaults());
        ingest("pipe.txt", "customer_id|date|amount\nc4|1997-01-04|4\n", IngestOptions.defaults());
        ingest("ws.txt", "  customer_id   date amount\n c5  1997-01-05\t5\n\n   \n", IngestOptions.defaults());
        assertThat(rows()).containsExactly("c1|1997-01-01|1.5|a,b", "c2|1997-01-02|2.0|-", "c3|1997-01-03|3.0|-",
                "c4|1997-01-04|4.0|-", "c5|1997-01-05|5.0|-");
    }

    @Test
    void explicitDelimiterOverridesDetection() {
        // Detection would choose the comma (it occurs twice on every line); the option says the pipe.
        ingest("d.csv", "customer_id|date|amount|channel\nc1|1997-01-01|1|a,b,c\n",
                IngestOptions.defaults().withDelimiter("|"));
        assertThat(rows()).containsExactly("c1|1997-01-01|1.0|a,b,c");
        assertThatThrownBy(() -> IngestOptions.defaults().withDelimiter("::"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one character");
    }

    @Test
    void whitespaceFilesReportLinesAndFieldCounts() {
        Path f = TestData.write(dir, "ws.txt", "customer_id date amount\nc1 1997-01-01 1\n\nc2 1997-01-02\n"
                + "c3 1997-01-03 x\n");
        IngestException e = org.assertj.core.api.Assertions.catchThrowableOfType(IngestException.class,
                () -> ingestor.ingest(Kind.TRANSACTIONS, f, IngestOptions.defaults().withDelimiter("whitespace"),
                        IngestProgress.NONE));
        assertThat(e.errors()).extracting(InputError::message).containsExactly(
                f + ":4: expected 3 fields, found 2",
                f + ":5: field 'amount': 'x' is not a number");
    }

    @Test
    void quotedFields() {
        ingest("q.csv", "customer_id,date,amount,channel\n\"c,1\",\"1997-01-01\", \"7\" ,\"say \"\"hi\"\"\"\n"
                + "'c2',1997-01-02,2,'x'\n", IngestOptions.defaults());
        assertThat(rows()).containsExactly("c,1|1997-01-01|7.0|say \"hi\"", "'c2'|1997-01-02|2.0|'x'");
    }

    @Test
    void otherQuoteAndEscape() {
        ingest("q.csv", "customer_id,date,amount,channel\n'c,1',1997-01-01,1,'it\\'s'\n",
                IngestOptions.defaults().withQuote('\'').withEscape('\\'));
        assertThat(rows()).containsExactly("c,1|1997-01-01|1.0|it's");
    }

    @Test
    void withoutQuotesAQuoteIsText() {
        ingest("q.csv", "customer_id,date,amount,channel\n\"c1,1997-01-01,1,x\n", IngestOptions.defaults().withoutQuote());
        assertThat(rows()).containsExactly("\"c1|1997-01-01|1.0|x");
    }

    @Test
    void mappingByOptionNameCaseAndAlias() {
        ingest("m.csv", "Cust No,Purchase Date,VALUE,Shop\nc1,1997-01-01,1,s\n",
                IngestOptions.defaults().withMapping("customer_id", "cust no").withMapping("channel", "Shop"));
        ingest("a.csv", "CUSTOMER_ID,order_date,sales\nc2,1997-01-02,2\n", IngestOptions.defaults());
        assertThat(rows()).containsExactly("c1|1997-01-01|1.0|s", "c2|1997-01-02|2.0|-");
    }

    @Test
    void reportListsIgnoredColumns() {
        IngestReport r = ingest("i.csv", "customer_id,date,amount,colour,size\nc1,1997-01-01,1,red,L\n",
                IngestOptions.defaults());
        assertThat(r.ignoredColumns()).containsExactly("colour", "size");
    }

    @Test
    void mappingErrors() {
        Path f = TestData.write(dir, "m.csv", "cust_no,date,amount\nc1,1997-01-01,1\n");
        assertThatThrownBy(() -> ingestor.ingest(Kind.TRANSACTIONS, f,
                IngestOptions.defaults().withMapping("customer_id", "client"), IngestProgress.NONE))
                .hasMessage(f + ": column 'client' (mapped to 'customer_id') is not in the file (columns: cust_no, date, amount)");
        assertThatThrownBy(() -> ingestor.ingest(Kind.TRANSACTIONS, f,
                IngestOptions.defaults().withMapping("customer", "cust_no"), IngestProgress.NONE))
                .hasMessage(f + ": 'customer' is not a column of transactions "
                        + "(columns: customer_id, ts, amount, order_id, product_id, quantity, channel)");
        Path two = TestData.write(dir, "two.csv", "customer_id,Date,date ,amount\nc1,1997-01-01,1997-01-01,1\n");
        assertThatThrownBy(() -> ingestor.ingest(Kind.TRANSACTIONS, two))
                .hasMessage(two + ": columns 'Date', 'date' all match 'ts'; map one with ts=COLUMN");
        assertThatThrownBy(() -> IngestOptions.parseMapping("customer_id=,x"))
                .hasMessage("mapping 'customer_id=' is not TARGET=SOURCE");
        assertThat(IngestOptions.parseMapping(" customer_id = cust_no , amount=value"))
                .containsExactly(java.util.Map.entry("customer_id", "cust_no"), java.util.Map.entry("amount", "value"));
    }

    @Test
    void noHeaderLineNeedsAMapping() {
        Path f = TestData.write(dir, "n.csv", "c1,1997-01-01,1\nc2,1997-01-02,x\n");
        assertThatThrownBy(() -> ingestor.ingest(Kind.TRANSACTIONS, f, IngestOptions.defaults().withHeader(false),
                IngestProgress.NONE)).hasMessage(f + ": missing column 'customer_id' (columns: column1, column2, column3)");
        IngestOptions o = IngestOptions.defaults().withHeader(false).withOnError(OnError.QUARANTINE)
                .withMapping(IngestOptions.parseMapping("customer_id=column1,ts=column2,amount=column3"));
        IngestReport r = ingestor.ingest(Kind.TRANSACTIONS, f, o, IngestProgress.NONE);
        assertThat(r.rowsLoaded()).isEqualTo(1);
        assertThat(r.firstErrors()).extracting(InputError::message)
                .containsExactly(f + ":2: field 'column3': 'x' is not a number");
    }
}
