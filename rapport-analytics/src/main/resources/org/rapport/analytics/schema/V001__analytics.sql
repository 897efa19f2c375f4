-- Rapport store, module "analytics", version 1: per-customer outputs of the customer analytics
-- (rapport groups, rapport wallet). docs/analytics.md documents them; CONTRACTS.md fixes the columns.
-- Never edit this file once released: add V002__....sql instead (the checksum is verified at open).

-- Reinartz & Kumar relationship group of every scored customer of the latest run.
CREATE TABLE customer_groups (
    customer_id VARCHAR PRIMARY KEY,
    relationship_group VARCHAR NOT NULL,  -- 'stranger' | 'butterfly' | 'true_friend' | 'barnacle'
    barnacle_action VARCHAR,              -- 'upsell' | 'cut_cost' | NULL (not a barnacle, or no wallet)
    clv DOUBLE,
    loyalty DOUBLE                        -- expected remaining purchases (customer_scores.expected_purchases)
);

-- Share of wallet of every customer with a customers row.
CREATE TABLE customer_wallet (
    customer_id VARCHAR PRIMARY KEY,
    wallet DOUBLE,
    wallet_source VARCHAR,                -- 'survey' | 'estimated'
    yearly_spend DOUBLE,
    share_of_wallet DOUBLE,
    headroom DOUBLE
);
