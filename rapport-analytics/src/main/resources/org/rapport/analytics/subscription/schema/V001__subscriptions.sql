-- Rapport store, module "subscriptions", version 1: the contractual setting (issue 17 item 5). Per
-- membership of the latest run: renewals made by the end of the data, whether it still runs, the
-- plan's shifted beta-geometric posterior (mean monthly lapse probability, chance of the next renewal),
-- DERL (discounted expected residual lifetime in months) and the expected residual value (fee x DERL).
-- Never edit this file once released: add V002__....sql instead (the checksum is verified at open).

CREATE TABLE customer_subscription (
    customer_id VARCHAR NOT NULL,
    plan VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,
    renewals INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    lapse_probability DOUBLE,
    renewal_probability DOUBLE,
    derl DOUBLE,
    residual_value DOUBLE,
    run_id BIGINT
);
