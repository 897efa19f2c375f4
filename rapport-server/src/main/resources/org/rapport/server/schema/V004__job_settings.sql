-- Rapport store, module "server", version 4: the settings an analyze job was started with (issue 20:
-- the Jobs page starts a run with the last run's settings by default and shows each job's settings).
-- docs/server.md documents this table. Never edit this file once released: add V005__....sql instead.

-- One row per job started with settings: calibration_end (NULL: no holdout), model (auto, bgnbd,
-- pnbd, mbgnbd), clv_months and annual_discount_rate (NULL: the analysis' defaults).
CREATE TABLE server_job_settings (
    job_id BIGINT PRIMARY KEY,
    calibration_end DATE,
    model VARCHAR NOT NULL,
    clv_months INTEGER,
    annual_discount_rate DOUBLE
);
