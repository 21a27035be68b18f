-- candlesignal signal journal, schema version 1. Plain SQL that runs on SQLite (3.24+) and PostgreSQL (9.5+):
-- types are spelled the PostgreSQL way (SQLite maps BIGINT to INTEGER, DOUBLE PRECISION to REAL and keeps BYTEA
-- values as blobs), times are epoch milliseconds (UTC), and every key includes symbol and interval.

-- what this database is, and the outcome rule its outcomes were resolved with
CREATE TABLE journal_info (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

-- one row per BUY/SELL; outcome PENDING until resolved (then exit_time, exit_price and pnl_pct are set)
CREATE TABLE signals (
    symbol          TEXT NOT NULL,
    candle_interval TEXT NOT NULL,
    open_time       BIGINT NOT NULL,
    model_id        TEXT NOT NULL,
    model_version   TEXT NOT NULL,
    close_time      BIGINT NOT NULL,
    action          TEXT NOT NULL,
    strength        TEXT NOT NULL,
    probability     DOUBLE PRECISION NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL,
    entry_price     DOUBLE PRECISION NOT NULL,
    stop_loss       DOUBLE PRECISION NOT NULL,
    take_profit     DOUBLE PRECISION NOT NULL,
    atr             DOUBLE PRECISION,
    feature_set     TEXT NOT NULL,
    policy          TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    exit_time       BIGINT,
    exit_price      DOUBLE PRECISION,
    pnl_pct         DOUBLE PRECISION,
    PRIMARY KEY (symbol, candle_interval, open_time, model_id, model_version)
);

-- the tracker loads the pending signals at start
CREATE INDEX signals_pending ON signals (symbol, candle_interval) WHERE outcome = 'PENDING';

-- the last candle the journal saw per stream: candles up to it are not processed again after a restart
CREATE TABLE streams (
    symbol                TEXT NOT NULL,
    candle_interval       TEXT NOT NULL,
    last_open_time        BIGINT NOT NULL,
    last_close            DOUBLE PRECISION NOT NULL,
    last_direction        TEXT NOT NULL,
    pending_probability   DOUBLE PRECISION,
    pending_model_id      TEXT,
    pending_model_version TEXT,
    PRIMARY KEY (symbol, candle_interval)
);

-- HOLDs, suppressed signals and probability quality, counted per stream and model version (not a row per candle)
CREATE TABLE tallies (
    symbol          TEXT NOT NULL,
    candle_interval TEXT NOT NULL,
    model_id        TEXT NOT NULL,
    model_version   TEXT NOT NULL,
    as_of           BIGINT NOT NULL,
    signals         BIGINT NOT NULL,
    holds           BIGINT NOT NULL,
    suppressed      BIGINT NOT NULL,
    scored          BIGINT NOT NULL,
    hits            BIGINT NOT NULL,
    brier_sum       DOUBLE PRECISION NOT NULL,
    log_loss_sum    DOUBLE PRECISION NOT NULL,
    ups             BIGINT NOT NULL,
    previous_hits   BIGINT NOT NULL,
    recent_capacity INTEGER NOT NULL,
    recent          BYTEA NOT NULL,
    PRIMARY KEY (symbol, candle_interval, model_id, model_version)
);
