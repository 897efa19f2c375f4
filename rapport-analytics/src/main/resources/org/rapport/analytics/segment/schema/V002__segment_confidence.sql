-- Rapport store, module "segments", version 2: how each discovered-cluster label was obtained.
-- Never edit this file once released: add V003__....sql instead.

-- One row per customer with a discovered cluster: 'survey' (clustered on their own need answers,
-- confidence 1) or 'lookalike' (placed by the look-alike model; confidence = its probability).
CREATE TABLE customer_cluster_confidence (
    customer_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL
);
