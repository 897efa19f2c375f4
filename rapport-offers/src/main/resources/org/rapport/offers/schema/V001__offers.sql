-- Rapport store, module "offers", version 1: next best offers and the contact history.
-- docs/offers.md documents every table and column; keep the two in step.
-- Never edit this file once released: add V002__....sql instead (the checksum is verified at open).

-- Top-K offers of every customer, written by `rapport offers score` (CONTRACTS.md).
CREATE TABLE customer_offers (
    customer_id VARCHAR NOT NULL,
    rank INTEGER NOT NULL,
    offer_id VARCHAR NOT NULL,
    product_id VARCHAR,
    score DOUBLE,
    propensity DOUBLE,
    value DOUBLE,
    source VARCHAR,
    reason VARCHAR NOT NULL,
    created TIMESTAMP
);

-- One row per offer sent to a customer (a campaign export), with the customer's response once known.
-- The contact policy reads it: at most K offers per period, no offer of a rejected product during the cool-down.
CREATE TABLE offer_history (
    customer_id VARCHAR NOT NULL,
    offer_id VARCHAR NOT NULL,
    product_id VARCHAR,
    campaign VARCHAR,
    channel VARCHAR,
    coupon VARCHAR,
    sent TIMESTAMP NOT NULL,
    response VARCHAR,
    responded TIMESTAMP
);
