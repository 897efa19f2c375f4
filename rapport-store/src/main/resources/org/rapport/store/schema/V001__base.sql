-- Rapport store, module "store", version 1: the base tables filled by `rapport ingest`.
-- docs/schema.md documents every table and column; keep the two in step.
-- Never edit this file once released: add V002__....sql instead (the checksum is verified at open).

CREATE SEQUENCE load_id_seq START 1;

-- One row per published ingest (a failed ingest writes nothing, not even here).
CREATE TABLE loads (
    load_id BIGINT PRIMARY KEY,
    kind VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    duplicates_skipped BIGINT NOT NULL,
    started TIMESTAMP NOT NULL,
    finished TIMESTAMP NOT NULL
);

-- Bad input rows kept by `--on-error quarantine`, one row per problem.
CREATE TABLE rejects (
    load_id BIGINT NOT NULL,
    file VARCHAR NOT NULL,
    line BIGINT NOT NULL,
    field VARCHAR,
    value VARCHAR,
    reason VARCHAR NOT NULL,
    raw VARCHAR
);

-- Transaction lines as delivered, returns (negative amounts) included.
CREATE TABLE transactions (
    customer_id VARCHAR NOT NULL,
    ts TIMESTAMP NOT NULL,
    amount DOUBLE NOT NULL,
    order_id VARCHAR,
    product_id VARCHAR,
    quantity DOUBLE,
    channel VARCHAR,
    load_id BIGINT NOT NULL,
    source_row BIGINT NOT NULL
);

CREATE TABLE customers (
    customer_id VARCHAR NOT NULL,
    email VARCHAR,
    phone VARCHAR,
    birth_date DATE,
    region VARCHAR,
    household_id VARCHAR,
    acquisition_channel VARCHAR,
    acquisition_date DATE,
    survey_wallet DOUBLE,
    load_id BIGINT NOT NULL
);

CREATE TABLE customer_attributes (
    customer_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    load_id BIGINT NOT NULL
);

CREATE TABLE customer_needs (
    customer_id VARCHAR NOT NULL,
    need VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    load_id BIGINT NOT NULL
);

CREATE TABLE products (
    product_id VARCHAR NOT NULL,
    name VARCHAR,
    brand VARCHAR,
    category VARCHAR,
    price DOUBLE,
    margin_rate DOUBLE,
    upgrade_of VARCHAR,
    load_id BIGINT NOT NULL
);

CREATE TABLE life_events (
    customer_id VARCHAR NOT NULL,
    date DATE NOT NULL,
    type VARCHAR NOT NULL,
    load_id BIGINT NOT NULL
);

CREATE TABLE interactions (
    customer_id VARCHAR NOT NULL,
    date DATE NOT NULL,
    touchpoint VARCHAR NOT NULL,
    rating DOUBLE,
    load_id BIGINT NOT NULL
);

CREATE TABLE prospects (
    prospect_id VARCHAR NOT NULL,
    channel VARCHAR,
    region VARCHAR,
    segment VARCHAR,
    acquisition_probability DOUBLE,
    acquisition_cost DOUBLE,
    load_id BIGINT NOT NULL
);

CREATE TABLE feedback (
    customer_id VARCHAR NOT NULL,
    date DATE NOT NULL,
    topic VARCHAR,
    text VARCHAR,
    rating DOUBLE,
    load_id BIGINT NOT NULL
);

CREATE TABLE household_links (
    customer_id VARCHAR NOT NULL,
    related_customer_id VARCHAR NOT NULL,
    relation VARCHAR,
    load_id BIGINT NOT NULL
);

-- Returns netting, step 1: one row per (customer, order, product) with returns subtracted.
-- The order is order_id when the line has one, else the customer's calendar day (order_day).
CREATE VIEW net_lines AS
SELECT customer_id,
       order_id,
       order_day,
       product_id,
       coalesce(min(ts) FILTER (WHERE amount > 0), min(ts)) AS ts,
       sum(amount) AS amount,
       sum(CASE WHEN amount < 0 THEN -abs(quantity) ELSE quantity END) AS quantity,
       coalesce(sum(-amount) FILTER (WHERE amount < 0), 0) AS returned_amount,
       min(channel) FILTER (WHERE amount > 0) AS channel,
       count(*) AS source_lines
FROM (SELECT *, CASE WHEN order_id IS NULL THEN CAST(ts AS DATE) END AS order_day FROM transactions) t
GROUP BY customer_id, order_id, order_day, product_id;

-- Step 2: the lines that are still bought after their returns. A zero-amount line with no return
-- (a free item, CDNOW has some) is still bought; a line whose returns cancel it is not.
CREATE VIEW purchase_lines AS
SELECT * FROM net_lines WHERE amount > 0 OR (amount = 0 AND returned_amount = 0);

-- Step 3: one row per purchase occasion (order) whose net amount is positive; what the RFM summary counts.
CREATE VIEW purchases AS
SELECT customer_id,
       order_id,
       order_day,
       min(ts) AS ts,
       sum(amount) AS amount,
       sum(quantity) AS quantity,
       sum(returned_amount) AS returned_amount,
       count(*) FILTER (WHERE amount > 0) AS lines,
       min(channel) AS channel
FROM net_lines
GROUP BY customer_id, order_id, order_day
HAVING sum(amount) > 0 OR (sum(amount) = 0 AND sum(returned_amount) = 0);
