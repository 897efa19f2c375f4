package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rapport.store.TestData;

/** The kinds other than transactions: their columns, checks and re-ingest rules. */
class KindsTest extends InMemoryStoreTest {

    private IngestReport ingest(Kind kind, String name, String content) {
        return ingestor.ingest(kind, TestData.write(dir, name, content));
    }

    private List<String> messages(Kind kind, String name, String content) {
        Path f = TestData.write(dir, name, content);
        IngestException e = catchThrowableOfType(IngestException.class, () -> ingestor.ingest(kind, f));
        assertThat(e).isNotNull();
        return e.errors().stream().map(x -> x.message().substring(f.toString().length())).toList();
    }

    @Test
    void membershipsLoadWithAliasesAndRefuseAnEndBeforeTheStart() {
        IngestReport r = ingest(Kind.MEMBERSHIPS, "m.csv", "member_id,tier,joined,cancelled,monthly_fee\n"
                + "c1,club,2023-01-15,,9.99\nc2,plus,2023-02-01,2023-05-01,19.99\nc3,,2023-03-01,,\n");
        assertThat(r.rowsLoaded()).isEqualTo(3);
        assertThat(store.query("SELECT customer_id || ',' || coalesce(plan, '-') || ',' || start_date || ',' "
                + "|| coalesce(end_date::VARCHAR, '-') || ',' || coalesce(fee::VARCHAR, '-') FROM memberships ORDER BY 1",
                rs -> rs.getString(1))).containsExactly("c1,club,2023-01-15,-,9.99", "c2,plus,2023-02-01,2023-05-01,19.99",
                "c3,-,2023-03-01,-,-");
        assertThat(messages(Kind.MEMBERSHIPS, "bad.csv", "customer_id,start_date,end_date,fee\n"
                + "c1,2023-05-01,2023-04-01,9.99\nc2,2023-05-01,,-1\n"))
                .containsExactly(":2: field 'end_date': '2023-04-01' is before the start date",
                        ":3: field 'fee': '-1' is negative");
        assertThat(store.count("memberships")).as("nothing of the bad file loaded").isEqualTo(3);
    }

    @Test
    void customersWithAttributesAndNeeds() {
        IngestReport r = ingest(Kind.CUSTOMERS, "c.csv", "id,Email,DOB,region,wallet,Colour,need_price,Need Quality\n"
                + "c1,a@x.org,1980-05-01,north,1200,red,0.8,0.1\n"
                + "c2,,19900102,south,,,0.3,\n");
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(store.query("SELECT customer_id, email, birth_date, region, survey_wallet FROM customers ORDER BY 1",
                rs -> rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3) + "," + rs.getString(4) + ","
                        + rs.getString(5)))
                .containsExactly("c1,a@x.org,1980-05-01,north,1200.0", "c2,null,1990-01-02,south,null");
        assertThat(store.query("SELECT customer_id, name, value FROM customer_attributes ORDER BY 1, 2",
                rs -> rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3))).containsExactly("c1,Colour,red");
        assertThat(store.query("SELECT customer_id, need, score FROM customer_needs ORDER BY 1, 2",
                rs -> rs.getString(1) + "," + rs.getString(2) + "," + rs.getDouble(3)))
                .containsExactly("c1,price,0.8", "c1,quality,0.1", "c2,price,0.3");
        // Re-ingest with a change: c1 is replaced, c2 is a duplicate; the attribute is replaced too.
        IngestReport again = ingest(Kind.CUSTOMERS, "c2.csv", "id,Email,DOB,region,wallet,Colour,need_price\n"
                + "c1,b@x.org,1980-05-01,north,1200,blue,0.9\n"
                + "c2,,19900102,south,,,0.3\n");
        assertThat(again.rowsLoaded()).isEqualTo(1);
        assertThat(again.duplicatesSkipped()).isEqualTo(1);
        assertThat(store.count("customers")).isEqualTo(2);
        assertThat(store.queryFirst("SELECT email FROM customers WHERE customer_id = 'c1'", rs -> rs.getString(1)))
                .contains("b@x.org");
        assertThat(store.query("SELECT value FROM customer_attributes", rs -> rs.getString(1))).containsExactly("blue");
        assertThat(store.query("SELECT need || '=' || score FROM customer_needs WHERE customer_id = 'c1' ORDER BY 1",
                rs -> rs.getString(1))).containsExactly("price=0.9", "quality=0.1");
    }

    @Test
    void aFileUpdatesOnlyTheColumnsItHas() {
        ingest(Kind.CUSTOMERS, "a.csv", "customer_id,email,region\nc1,a@x.org,north\nc2,b@x.org,south\n");
        IngestReport r = ingest(Kind.CUSTOMERS, "b.csv", "customer_id,acquisition_channel,region\nc1,tv,north\nc3,web,east\n");
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(store.query("SELECT customer_id || ',' || coalesce(email, '-') || ',' || region || ',' "
                + "|| coalesce(acquisition_channel, '-') FROM customers ORDER BY 1", rs -> rs.getString(1)))
                .containsExactly("c1,a@x.org,north,tv", "c2,b@x.org,south,-", "c3,-,east,web");
        // The same partial file again changes nothing.
        assertThat(ingest(Kind.CUSTOMERS, "b2.csv", "customer_id,acquisition_channel\nc1,tv\n").duplicatesSkipped())
                .isEqualTo(1);
    }

    @Test
    void customerChecks() {
        assertThat(messages(Kind.CUSTOMERS, "c.csv", "customer_id,survey_wallet,need_price,birth_date\n"
                + "c1,-5,0.1,1980-01-01\nc2,10,high,1980-01-01\nc1,10,0.2,1980-01-01\nc3,1,1,1980-02-31\n"))
                .containsExactly(":2: field 'survey_wallet': '-5' is negative",
                        ":3: field 'need_price': 'high' is not a number",
                        ":5: field 'birth_date': '1980-02-31' is not a date");
        // A key that repeats on a later good row is reported there.
        assertThat(messages(Kind.CUSTOMERS, "d.csv", "customer_id,region\nc1,a\nc2,b\nc1,c\n"))
                .containsExactly(":4: field 'customer_id': 'c1' occurs on an earlier row of the file");
    }

    @Test
    void productsAndTheirChecks() {
        ingest(Kind.PRODUCTS, "p.csv", "sku,name,brand,category,unit_price,margin,upgrade_of\n"
                + "gold,Gold card,Amex,cards,95,0.4,\nplat,Platinum card,Amex,cards,450,0.55,gold\n");
        assertThat(store.query("SELECT product_id || ':' || coalesce(upgrade_of, '-') FROM products ORDER BY 1",
                rs -> rs.getString(1))).containsExactly("gold:-", "plat:gold");
        assertThat(messages(Kind.PRODUCTS, "bad.csv", "product_id,price,margin_rate,upgrade_of\n"
                + "p1,-1,0.2,\np2,1,35,\np3,1,0.2,p3\n")).containsExactly(
                ":2: field 'price': '-1' is negative",
                ":3: field 'margin_rate': '35' is not a margin rate between -1 and 1 (a fraction of the price, e.g. 0.35)",
                ":4: field 'upgrade_of': 'p3' refers to the row itself");
    }

    @Test
    void prospects() {
        ingest(Kind.PROSPECTS, "p.csv", "prospect_id,channel,region,segment,probability,cost\nq1,web,n,young,0.2,15\n");
        assertThat(store.count("prospects")).isEqualTo(1);
        assertThat(messages(Kind.PROSPECTS, "bad.csv", "prospect_id,acquisition_probability,acquisition_cost\n"
                + "q1,1.5,1\nq2,0.5,-3\n")).containsExactly(
                ":2: field 'acquisition_probability': '1.5' is not a probability between 0 and 1",
                ":3: field 'acquisition_cost': '-3' is negative");
    }

    @Test
    void lifeEventsAreASet() {
        IngestReport r = ingest(Kind.LIFE_EVENTS, "e.csv", "customer_id,event_date,event\nc1,2020-01-01,baby\n"
                + "c1,2020-01-01,baby\nc2,2021-05-05,move\n");
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(r.duplicatesSkipped()).isEqualTo(1);
        IngestReport again = ingest(Kind.LIFE_EVENTS, "e2.csv", "customer_id,date,type\nc1,2020-01-01,baby\nc3,2022-01-01,marriage\n");
        assertThat(again.rowsLoaded()).isEqualTo(1);
        assertThat(again.duplicatesSkipped()).isEqualTo(1);
        assertThat(store.count("life_events")).isEqualTo(3);
    }

    @Test
    void interactionsAndFeedback() {
        ingest(Kind.INTERACTIONS, "i.csv", "customer_id,date,channel,csat\nc1,2020-01-01,phone,4\nc1,2020-01-01,phone,4\n");
        assertThat(store.count("interactions")).as("two identical calls are two calls").isEqualTo(2);
        ingest(Kind.FEEDBACK, "f.csv", "customer_id,date,subject,comment,stars\nc1,2020-01-02,delivery,\"late, again\",2\n");
        assertThat(store.queryFirst("SELECT text FROM feedback", rs -> rs.getString(1))).contains("late, again");
        assertThat(messages(Kind.INTERACTIONS, "bad.csv", "customer_id,date,touchpoint,rating\nc1,2020-01-01,,x\n"))
                .containsExactly(":2: field 'touchpoint' is empty", ":2: field 'rating': 'x' is not a number");
    }

    @Test
    void householdLinks() {
        ingest(Kind.HOUSEHOLD_LINKS, "h.csv", "customer_id,partner_id,relationship\nc1,c2,spouse\n");
        assertThat(store.count("household_links")).isEqualTo(1);
        assertThat(messages(Kind.HOUSEHOLD_LINKS, "bad.csv", "customer_id,related_customer_id\nc1,c1\n"))
                .containsExactly(":2: field 'related_customer_id': 'c1' refers to the row itself");
    }

    @Test
    void oneColumnFileSkipsBlankLines() {
        IngestReport r = ingest(Kind.CUSTOMERS, "one.csv", "customer_id\nc1\n\nc2\n   \n\nc3\n");
        assertThat(r.rowsRead()).isEqualTo(3);
        assertThat(store.count("customers")).isEqualTo(3);
        assertThat(messages(Kind.CUSTOMERS, "dup.csv", "customer_id\nc1\n\nc1\n"))
                .containsExactly(":4: field 'customer_id': 'c1' occurs on an earlier row of the file");
    }

    @Test
    void kindNames() {
        assertThat(Kind.parse("life-events")).isEqualTo(Kind.LIFE_EVENTS);
        assertThat(Kind.parse(" Transactions ")).isEqualTo(Kind.TRANSACTIONS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kind.parse("orders"))
                .hasMessageStartingWith("'orders' is not a kind (kinds: transactions, customers,");
    }
}
