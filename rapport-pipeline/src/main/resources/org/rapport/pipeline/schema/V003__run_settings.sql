-- Rapport store, module "pipeline", version 3: a run's settings as typed columns (issue 16), so the
-- analyses after scoring read the CLV horizon and discount rate as numbers instead of parsing the
-- report's display strings (which rounded the rate to 0.1% and fell back to defaults on a mismatch).
-- Runs saved before this version get the values their display strings held.

ALTER TABLE analysis_runs ADD COLUMN clv_months INTEGER;
ALTER TABLE analysis_runs ADD COLUMN annual_discount_rate DOUBLE;
ALTER TABLE analysis_runs ADD COLUMN horizon_days DOUBLE;
ALTER TABLE analysis_runs ADD COLUMN interval_level DOUBLE;
ALTER TABLE analysis_runs ADD COLUMN margin_rate DOUBLE;
ALTER TABLE analysis_runs ADD COLUMN model_choice VARCHAR;
ALTER TABLE analysis_runs ADD COLUMN selection VARCHAR;
ALTER TABLE analysis_runs ADD COLUMN counting VARCHAR;

UPDATE analysis_runs SET
    clv_months = coalesce(TRY_CAST(regexp_extract(options, 'CLV horizon=([0-9]+) months', 1) AS INTEGER), 36),
    annual_discount_rate = coalesce(TRY_CAST(regexp_extract(options, 'discount rate=([0-9.]+)% a year', 1) AS DOUBLE) / 100, 0.10),
    horizon_days = coalesce(TRY_CAST(regexp_extract(options, 'expected purchases over=([0-9.]+) days', 1) AS DOUBLE), 365.25),
    interval_level = coalesce(TRY_CAST(regexp_extract(options, 'interval level=([0-9.]+)%', 1) AS DOUBLE) / 100, 0.95);
