-- Rapport store, module "segments", version 1: needs-based segments with managers and budgets.
-- docs/analytics.md ("Segments") documents the tables; CONTRACTS of session 2 fix segments and
-- customer_segment (columns may only be added at the end).
-- Never edit this file once released: add V002__....sql instead (the checksum is verified at open).

-- One row per segment: a rule segment (kind 'rule', with its rule text and priority; lower priority
-- numbers are tried first) or a discovered cluster (kind 'discovered'). profile: the discovery's
-- profile of the cluster as JSON (distinctive needs), null for rule segments.
CREATE TABLE segments (
    name VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    rule VARCHAR,
    description VARCHAR,
    manager VARCHAR,
    team VARCHAR,
    budget DOUBLE,
    priority INTEGER,
    created TIMESTAMP,
    updated TIMESTAMP,
    profile VARCHAR
);

-- Every customer's primary segment: the first rule segment (by priority, then name) whose rule is
-- true, else the customer's discovered cluster, else 'unassigned'.
CREATE TABLE customer_segment (
    customer_id VARCHAR PRIMARY KEY,
    segment VARCHAR NOT NULL
);

-- Every customer's discovered cluster (a segment of kind 'discovered'), kept apart from
-- customer_segment so that rule segments can be redefined without clustering again.
CREATE TABLE customer_cluster (
    customer_id VARCHAR PRIMARY KEY,
    cluster VARCHAR NOT NULL
);
