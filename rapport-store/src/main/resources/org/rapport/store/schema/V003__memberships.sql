-- Rapport store, module "store", version 3: contracts and memberships (issue 17 item 5, the
-- subscription path). One row per membership: its start, its end (NULL while it runs) and the fee
-- per period (a month). Loaded with `rapport ingest memberships FILE` or beside the transactions.
-- Never edit this file once released: add V004__....sql instead (the checksum is verified at open).

CREATE TABLE memberships (
    customer_id VARCHAR NOT NULL,
    plan VARCHAR,
    start_date DATE NOT NULL,
    end_date DATE,
    fee DOUBLE,
    load_id BIGINT NOT NULL
);
