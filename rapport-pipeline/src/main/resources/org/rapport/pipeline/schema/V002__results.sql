-- Rapport store, module "pipeline", version 2: the stored results of the analyses after scoring
-- (equity, groups, segments, wallet, brands, moments, feedback, budget, offers evaluation...).
-- Each row is the JSON document the CLI prints with `--format json`; the server serves it as is.
-- Never edit this file once released: add V003__....sql instead (the checksum is verified at open).

CREATE SEQUENCE result_id_seq START 1;

CREATE TABLE analysis_results (
    result_id BIGINT PRIMARY KEY,
    analysis VARCHAR NOT NULL,
    run_id BIGINT,
    created TIMESTAMP NOT NULL,
    result_json VARCHAR NOT NULL
);
