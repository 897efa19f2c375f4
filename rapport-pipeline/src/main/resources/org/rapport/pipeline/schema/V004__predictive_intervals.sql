-- Rapport store, module "pipeline", version 4: predictive intervals per customer (issue 17 item 3),
-- beside clv_lower/clv_upper (which cover only the estimation error of the parameters).
-- purchases_lower/upper: interval for the number of purchases the customer will make over the
-- expected_purchases horizon; clv_pred_lower/upper: interval for the customer's own expected CLV
-- given their latent purchase rate, dropout and spend. NULL where the model has none (BG/BB) or
-- there is no spend model (the CLV pair).
-- Never edit this file once released: add V004__....sql instead (the checksum is verified at open).

ALTER TABLE customer_scores ADD COLUMN purchases_lower DOUBLE;
ALTER TABLE customer_scores ADD COLUMN purchases_upper DOUBLE;
ALTER TABLE customer_scores ADD COLUMN clv_pred_lower DOUBLE;
ALTER TABLE customer_scores ADD COLUMN clv_pred_upper DOUBLE;
