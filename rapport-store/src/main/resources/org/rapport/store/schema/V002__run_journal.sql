-- Rapport store, module "store", version 2: the journal of a batch job in progress (issue 15).
-- A row per table the running job may change, written before it changes any; the job's end deletes
-- them. Rows found at open mean a job died: its tables are put back from their copies (run_backup_*).

CREATE TABLE run_journal (
    table_name VARCHAR PRIMARY KEY,
    backup_name VARCHAR NOT NULL,
    started TIMESTAMP NOT NULL,
    job VARCHAR NOT NULL
);
