-- Rapport store, module "pipeline", version 1: what `rapport analyze` derives from the base tables.
-- docs/schema.md documents every table and column; keep the two in step.
-- Never edit this file once released: add V002__....sql instead (the checksum is verified at open).

CREATE SEQUENCE run_id_seq START 1;

-- One row per analysis run; report_json is the whole HTML report's data, so `rapport report`
-- can render it again without recomputing.
CREATE TABLE analysis_runs (
    run_id BIGINT PRIMARY KEY,
    started TIMESTAMP NOT NULL,
    finished TIMESTAMP NOT NULL,
    purchase_model VARCHAR NOT NULL,
    purchase_params VARCHAR NOT NULL,
    spend_params VARCHAR,
    calibration_end DATE NOT NULL,
    holdout_end DATE NOT NULL,
    period_unit VARCHAR NOT NULL,
    options VARCHAR NOT NULL,
    provenance VARCHAR NOT NULL,
    report_json VARCHAR NOT NULL
);

-- Per-customer statistics of the latest run. *_cal: at the calibration end (fit and validation);
-- the others: at the end of the data (scoring). Times in the run's period unit.
CREATE TABLE customer_summary (
    customer_id VARCHAR NOT NULL,
    first_purchase DATE NOT NULL,
    x_cal INTEGER,
    t_x_cal DOUBLE,
    t_cal DOUBLE,
    holdout_x INTEGER,
    holdout_spend DOUBLE,
    x INTEGER NOT NULL,
    t_x DOUBLE NOT NULL,
    t DOUBLE NOT NULL,
    m DOUBLE,
    first_amount DOUBLE NOT NULL,
    total_spend DOUBLE NOT NULL
);

-- Per-customer scores of the latest run, at the end of the data.
CREATE TABLE customer_scores (
    customer_id VARCHAR NOT NULL,
    run_id BIGINT NOT NULL,
    x INTEGER NOT NULL,
    t_x DOUBLE NOT NULL,
    t DOUBLE NOT NULL,
    p_alive DOUBLE NOT NULL,
    expected_purchases DOUBLE NOT NULL,
    expected_spend DOUBLE,
    margin_rate DOUBLE NOT NULL,
    clv DOUBLE,
    clv_lower DOUBLE,
    clv_upper DOUBLE
);
