-- Rapport store, module "offers", version 2: campaigns with their random control groups.
-- docs/offers.md ("Control groups and uplift") documents every table and column; keep the two in step.

-- One row per campaign export (a re-export under the same name replaces it).
CREATE TABLE campaigns (
    campaign VARCHAR NOT NULL,
    sent TIMESTAMP NOT NULL,
    channel VARCHAR,
    selection VARCHAR,
    control_share DOUBLE NOT NULL,
    seed BIGINT NOT NULL,
    eligible BIGINT NOT NULL,
    control BIGINT NOT NULL
);

-- Every eligible customer of a campaign, drawn at random into the treated arm (exported, contacted)
-- or the control arm (same offer, not contacted): the comparison that measures the campaign's uplift.
CREATE TABLE campaign_members (
    campaign VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    offer_id VARCHAR NOT NULL,
    product_id VARCHAR,
    arm VARCHAR NOT NULL
);
