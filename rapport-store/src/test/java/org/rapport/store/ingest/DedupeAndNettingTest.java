package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.rapport.store.TestData;

/** Re-ingest does not double data (count-based dedupe), and returns net into their orders (docs/schema.md). */
class DedupeAndNettingTest extends InMemoryStoreTest {

    private IngestReport ingest(String name, String content) {
        return ingestor.ingest(Kind.TRANSACTIONS, TestData.write(dir, name, content));
    }

    @Test
    void identicalLinesInOneFileAreKeptAndNotDoubledOnReingest() {
        String jan = "customer_id,date,amount\nc1,1997-01-01,10\nc1,1997-01-01,10\nc2,1997-01-02,5\n";
        IngestReport first = ingest("jan.csv", jan);
        assertThat(first.rowsLoaded()).as("two identical lines are two purchases").isEqualTo(3);
        IngestReport again = ingest("jan-again.csv", jan);
        assertThat(again.rowsLoaded()).isZero();
        assertThat(again.duplicatesSkipped()).isEqualTo(3);
        assertThat(store.count("transactions")).isEqualTo(3);
    }

    @Test
    void overlappingExportAddsOnlyTheSurplus() {
        ingest("jan.csv", "customer_id,date,amount\nc1,1997-01-01,10\nc1,1997-01-01,10\nc2,1997-01-02,5\n");
        // Jan again (with a third copy of c1's line) plus February.
        IngestReport r = ingest("jan-feb.csv", "customer_id,date,amount\nc1,1997-01-01,10\nc1,1997-01-01,10\n"
                + "c1,1997-01-01,10\nc2,1997-01-02,5\nc2,1997-02-01,7\n");
        assertThat(r.rowsRead()).isEqualTo(5);
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(r.duplicatesSkipped()).isEqualTo(3);
        assertThat(store.queryLong("SELECT count(*) FROM transactions WHERE customer_id = 'c1'")).isEqualTo(3);
        // The surplus copy keeps its own row number in its file (the third line of c1 is row 3).
        assertThat(store.queryLong("SELECT source_row FROM transactions WHERE load_id = ? AND customer_id = 'c1'",
                r.loadId())).isEqualTo(3);
    }

    @Test
    void dedupeComparesEveryColumnIncludingNulls() {
        ingest("a.csv", "customer_id,date,amount,order_id,product_id\nc1,1997-01-01,10,o1,\nc1,1997-01-01,10,,p1\n");
        IngestReport r = ingest("b.csv", "customer_id,date,amount,order_id,product_id\nc1,1997-01-01,10,o1,\n"
                + "c1,1997-01-01,10,,p1\nc1,1997-01-01,10,,\nc1,1997-01-01,10,o1,p1\nc1,1997-01-01 00:00:01,10,o1,\n");
        assertThat(r.duplicatesSkipped()).isEqualTo(2);
        assertThat(r.rowsLoaded()).isEqualTo(3);
    }

    @Test
    void returnsNetIntoTheirOrderLine() {
        ingest("tx.csv", "customer_id,date,amount,order_id,product_id,quantity\n"
                + "c1,1997-01-01 10:00,30,o1,p1,3\n"      // order o1: 3 x p1
                + "c1,1997-01-01 10:00,20,o1,p2,1\n"      //           1 x p2
                + "c1,1997-01-09,-10,o1,p1,1\n"           // return of one p1, a week later
                + "c1,1997-01-09,-20,o1,p2,-1\n"          // return of p2 (quantity sign either way)
                + "c1,1997-02-01,15,o2,p1,1\n"            // order o2
                + "c1,1997-02-05,-15,o2,p1,1\n"           // fully returned
                + "c2,1997-03-01,8,,p3,1\n"               // no order id: the day is the order
                + "c2,1997-03-01,-8,,p3,1\n"              // same-day return: nets to zero
                + "c2,1997-03-02,12,,p3,1\n"
                + "c2,1997-04-01,-5,,p3,1\n");            // return on another day without order id: unmatched
        assertThat(store.query("SELECT customer_id, coalesce(order_id, CAST(order_day AS VARCHAR)), product_id, amount, "
                + "quantity, returned_amount, CAST(ts AS VARCHAR) FROM purchase_lines ORDER BY 1, 2, 3",
                rs -> String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7))))
                .containsExactly("c1 o1 p1 20.0 2.0 10.0 1997-01-01 10:00:00",
                        "c2 1997-03-02 p3 12.0 1.0 0.0 1997-03-02 00:00:00");
        assertThat(store.query("SELECT customer_id, coalesce(order_id, CAST(order_day AS VARCHAR)), amount, lines, "
                + "returned_amount FROM purchases ORDER BY 1, 2",
                rs -> String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))))
                .containsExactly("c1 o1 20.0 1 30.0", "c2 1997-03-02 12.0 1 0.0");
        assertThat(store.count("transactions")).as("the lines themselves are kept").isEqualTo(10);
        assertThat(store.count("net_lines")).isEqualTo(6);
    }
}
