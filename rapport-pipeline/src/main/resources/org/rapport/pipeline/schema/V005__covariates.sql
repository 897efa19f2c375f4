-- Rapport store, module "pipeline", version 5: static covariates (issue 17 item 4). A run made with
-- `--covariates` keeps its columns (comma-separated, as asked) and the fit with them as JSON: the base
-- parameters and each coefficient (trans.COVARIATE, life.COVARIATE) with its standard error and interval,
-- the log-likelihoods with and without covariates and the likelihood-ratio test. A side table keyed by the
-- run, so analysis_runs keeps its columns; runs without covariates have no row.

CREATE TABLE run_covariates (
    run_id BIGINT NOT NULL PRIMARY KEY,
    columns VARCHAR NOT NULL,
    fit_json VARCHAR NOT NULL
);
