-- Rapport store, module "server", version 2: the server's jobs, so their history survives a restart.
-- docs/server.md documents this table. Never edit this file once released: add V003__....sql instead.

-- One row per job. state is QUEUED | RUNNING | SUCCEEDED | FAILED; a job found QUEUED or RUNNING
-- when the server starts was cut off by a stop and is marked FAILED ("interrupted ...").
-- Progress within a stage is kept in memory only.
CREATE TABLE server_jobs (
    id BIGINT PRIMARY KEY,
    kind VARCHAR NOT NULL,
    file VARCHAR,
    user_name VARCHAR,
    state VARCHAR NOT NULL,
    stage VARCHAR,
    message VARCHAR,
    run_id BIGINT,
    submitted TIMESTAMP NOT NULL,
    finished TIMESTAMP
);
