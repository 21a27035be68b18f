-- candlesignal signal journal, schema version 2: the decisions of the retraining loop (replay/live --auto-retrain),
-- one row each, beside the signals they were based on. Times are epoch milliseconds (UTC); the scores are NULL
-- when the retraining failed before its evaluation.

CREATE TABLE retrain_decisions (
    model_id            TEXT NOT NULL,
    symbol              TEXT NOT NULL,
    candle_interval     TEXT NOT NULL,
    decided_at          BIGINT NOT NULL,
    retrain_trigger     TEXT NOT NULL,
    champion_version    TEXT NOT NULL,
    challenger_version  TEXT,
    verdict             TEXT NOT NULL,
    reason              TEXT NOT NULL,
    window_from         BIGINT,
    window_to           BIGINT,
    scored_windows      INTEGER,
    champion_log_loss   DOUBLE PRECISION,
    challenger_log_loss DOUBLE PRECISION,
    baseline_log_loss   DOUBLE PRECISION,
    champion_hit_rate   DOUBLE PRECISION,
    challenger_hit_rate DOUBLE PRECISION,
    previous_hit_rate   DOUBLE PRECISION,
    PRIMARY KEY (model_id, symbol, candle_interval, decided_at)
);
