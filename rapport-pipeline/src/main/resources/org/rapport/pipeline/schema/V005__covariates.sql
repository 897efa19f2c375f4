-- Rapport store, module "pipeline", version 5: static covariates (issue 17 item 4). A run's
-- `--covariates` columns (comma-separated, NULL for none) and the fit with them as JSON: the columns'
-- indicators, each coefficient with its standard error, the log-likelihoods with and without covariates
-- and the likelihood-ratio test. Runs saved before this version had no covariates.

ALTER TABLE analysis_runs ADD COLUMN covariates VARCHAR;
ALTER TABLE analysis_runs ADD COLUMN covariate_fit VARCHAR;
