-- Rapport store, module "offers", version 3: learning from responses, champion/challenger.
-- docs/offers.md ("Learning from responses", "Champion and challenger") documents these columns.

-- The candidate source and calibrated propensity of an offer when it was sent: the prior that the
-- responses (accepted, rejected, ignored) update per source and product.
ALTER TABLE offer_history ADD COLUMN source VARCHAR;
ALTER TABLE offer_history ADD COLUMN propensity DOUBLE;

-- The policy a treated member's offer came from: champion (the current arbitration) or challenger;
-- NULL for the control arm and for campaigns without a challenger.
ALTER TABLE campaign_members ADD COLUMN policy VARCHAR;
