-- Rapport store, module "segments", version 3: prospects placed in the customers' discovered segments.
-- Never edit this file once released: add V004__....sql instead.

-- One row per (prospect, discovered segment): the look-alike model's probability that the prospect
-- belongs to the segment, from what is known about the prospect (acquisition channel and region).
-- A prospect's probabilities sum to 1; its segment is the one with the largest probability.
CREATE TABLE prospect_segment (
    prospect_id VARCHAR NOT NULL,
    segment VARCHAR NOT NULL,
    probability DOUBLE NOT NULL
);
