-- Rapport store, module "analytics", version 2: the share of wallet's numerator.
-- Never edit this file once released: add V003__....sql instead (the checksum is verified at open).

-- Yearly spend with us while a customer (the purchase model's rate E[lambda | data] times the expected
-- spend per order, per year): share_of_wallet = least(1, spend_rate / wallet) and headroom =
-- greatest(0, wallet - spend_rate). yearly_spend stays the observed spend per year since the first purchase.
ALTER TABLE customer_wallet ADD COLUMN spend_rate DOUBLE;
