package dev.candlesignal.journal.jdbc;

import dev.candlesignal.journal.Decisions;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import dev.candlesignal.Action;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import dev.candlesignal.journal.CandleUpdate;
import dev.candlesignal.journal.EntryKey;
import dev.candlesignal.journal.JournalEntry;
import dev.candlesignal.journal.JournalException;
import dev.candlesignal.journal.JournalReadOnlyException;
import dev.candlesignal.journal.JournalRuleException;
import dev.candlesignal.journal.JournalSchemaException;
import dev.candlesignal.journal.JournalState;
import dev.candlesignal.journal.NotAJournalException;
import dev.candlesignal.journal.Outcome;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.PredictionTally;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.journal.RecentPredictions;
import dev.candlesignal.journal.Resolution;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.SignalRecord;
import dev.candlesignal.journal.StreamCursor;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * A {@link SignalJournal} on one JDBC connection, in plain SQL that runs on SQLite and PostgreSQL. Opening checks
 * that the database is a journal (or empty), refuses a newer schema and applies missing migrations. Each
 * {@link #append} is one transaction; see {@link SignalJournal} for the idempotence rules, implemented here with
 * {@code INSERT ... ON CONFLICT DO NOTHING}, an {@code UPDATE ... WHERE outcome = 'PENDING'} and guarded upserts
 * ({@code ON CONFLICT DO UPDATE ... WHERE excluded.as_of > tallies.as_of}).
 *
 * <p>Thread-safe: every method holds this object's monitor (one connection, one statement at a time).
 */
final class JdbcSignalJournal implements SignalJournal {
    private static final String ENTRY_COLUMNS = "symbol, candle_interval, open_time, model_id, model_version, "
            + "close_time, action, strength, probability, confidence, entry_price, stop_loss, take_profit, atr, "
            + "feature_set, policy, outcome, exit_time, exit_price, pnl_pct";
    private static final String INSERT_ENTRY = "INSERT INTO signals (" + ENTRY_COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', NULL, NULL, NULL) "
            + "ON CONFLICT (symbol, candle_interval, open_time, model_id, model_version) DO NOTHING";
    private static final String RESOLVE = "UPDATE signals SET outcome = ?, exit_time = ?, exit_price = ?, pnl_pct = ? "
            + "WHERE symbol = ? AND candle_interval = ? AND open_time = ? AND model_id = ? AND model_version = ? "
            + "AND outcome = 'PENDING'";
    private static final String TALLY_COLUMNS = "symbol, candle_interval, model_id, model_version, as_of, signals, "
            + "holds, suppressed, scored, hits, brier_sum, log_loss_sum, ups, previous_hits, recent_capacity, recent";
    private static final String UPSERT_TALLY = "INSERT INTO tallies (" + TALLY_COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (symbol, candle_interval, model_id, model_version) DO UPDATE SET as_of = excluded.as_of, "
            + "signals = excluded.signals, holds = excluded.holds, suppressed = excluded.suppressed, "
            + "scored = excluded.scored, hits = excluded.hits, brier_sum = excluded.brier_sum, "
            + "log_loss_sum = excluded.log_loss_sum, ups = excluded.ups, previous_hits = excluded.previous_hits, "
            + "recent_capacity = excluded.recent_capacity, recent = excluded.recent "
            + "WHERE excluded.as_of > tallies.as_of";
    private static final String CURSOR_COLUMNS = "symbol, candle_interval, last_open_time, last_close, last_direction, "
            + "pending_probability, pending_model_id, pending_model_version";
    private static final String UPSERT_CURSOR = "INSERT INTO streams (" + CURSOR_COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (symbol, candle_interval) DO UPDATE SET last_open_time = excluded.last_open_time, "
            + "last_close = excluded.last_close, last_direction = excluded.last_direction, "
            + "pending_probability = excluded.pending_probability, pending_model_id = excluded.pending_model_id, "
            + "pending_model_version = excluded.pending_model_version "
            + "WHERE excluded.last_open_time > streams.last_open_time";

    private static final String DECISION_COLUMNS = "model_id, symbol, candle_interval, decided_at, retrain_trigger, "
            + "champion_version, challenger_version, verdict, reason, window_from, window_to, scored_windows, "
            + "champion_log_loss, challenger_log_loss, baseline_log_loss, champion_hit_rate, challenger_hit_rate, "
            + "previous_hit_rate";
    private static final String INSERT_DECISION = "INSERT INTO retrain_decisions (" + DECISION_COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (model_id, symbol, candle_interval, decided_at) DO NOTHING";

    private static final String RULE_MAX_HOLD = "rule.max_hold_ms";
    private static final String RULE_COMMISSION = "rule.commission";
    private static final String RULE_SLIPPAGE = "rule.slippage";

    private final String name;
    private final Connection connection;
    private final boolean sqlite;
    private final boolean readOnly;
    private final Clock clock;
    private boolean closed;

    private JdbcSignalJournal(String name, Connection connection, boolean sqlite, boolean readOnly, Clock clock) {
        this.name = name;
        this.connection = connection;
        this.sqlite = sqlite;
        this.readOnly = readOnly;
        this.clock = clock;
    }

    /**
     * Opens a journal on {@code connection} (which it then owns and closes): checks that the database is a journal
     * or empty, creates or migrates the schema unless {@code readOnly}.
     *
     * @throws JournalException typed by the problem; the connection is closed then
     */
    static JdbcSignalJournal open(String name, Connection connection, boolean readOnly, Clock clock) {
        boolean sqlite;
        try {
            sqlite = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
        } catch (SQLException e) {
            closeQuietly(connection);
            throw SqlErrors.map(name, false, "opening the journal", e);
        }
        JdbcSignalJournal journal = new JdbcSignalJournal(name, connection, sqlite, readOnly, clock);
        try {
            journal.prepare();
            return journal;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw SqlErrors.map(name, sqlite, "opening the journal", e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void prepare() throws SQLException {
        if (sqlite) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                // touches the file: an SQLite "file is not a database" shows here, before anything is written
                s.executeQuery("SELECT count(*) FROM sqlite_master").close();
            }
        }
        TreeSet<String> tables = tables();
        int version = 0;
        if (tables.isEmpty()) {
            if (readOnly) {
                throw new NotAJournalException(name, "not a journal: the database is empty (nothing was ever "
                        + "journaled here)");
            }
        } else {
            version = checkJournal(tables);
        }
        // only now, knowing that it is a journal (or empty), change anything
        if (sqlite && !readOnly) {
            try (Statement s = connection.createStatement()) {
                // WAL: readers do not block the writer; NORMAL sync keeps every committed transaction across a
                // killed process (a power cut may lose the last ones, which a replay writes again)
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
            }
        }
        if (version < Schema.LATEST) {
            if (readOnly) {
                throw new JournalSchemaException(name, "the journal has schema version " + version + " and needs "
                        + "migrating to " + Schema.LATEST + "; open it once for writing (e.g. replay into it)");
            }
            migrate(version);
        }
    }

    /** Checks that a non-empty database is a journal this code can read; returns its schema version. */
    private int checkJournal(TreeSet<String> tables) throws SQLException {
        if (!tables.contains("journal_info") || !tables.contains("schema_version")) {
            throw new NotAJournalException(name, "not a candlesignal journal: the database holds other tables "
                    + tables + " (give the journal its own file, or its own PostgreSQL schema)");
        }
        String format = info("format").orElse("");
        if (!Schema.FORMAT.equals(format)) {
            throw new NotAJournalException(name, "not a candlesignal journal: journal_info.format is '" + format
                    + "', expected '" + Schema.FORMAT + "'");
        }
        int version;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > Schema.LATEST) {
            throw new JournalSchemaException(name, "the journal has schema version " + version
                    + ", but this candlesignal reads versions up to " + Schema.LATEST
                    + "; use a newer candlesignal (nothing was changed)");
        }
        return version;
    }

    /** Our tables, lower case (SQLite's own excluded); for PostgreSQL those of the connection's current schema. */
    private TreeSet<String> tables() throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String schema = sqlite ? null : connection.getSchema();
        TreeSet<String> out = new TreeSet<>();
        try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!table.startsWith("sqlite_")) {
                    out.add(table);
                }
            }
        }
        return out;
    }

    private void migrate(int from) throws SQLException {
        for (int v = from + 1; v <= Schema.LATEST; v++) {
            List<String> statements = Schema.statements(v, name);
            boolean first = v == 1; // the table that records migrations comes with the first one
            inTransaction(() -> {
                try (Statement s = connection.createStatement()) {
                    if (first) {
                        s.execute(Schema.CREATE_VERSION_TABLE);
                    }
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                }
                return null;
            });
            int version = v;
            inTransaction(() -> {
                try (PreparedStatement p = connection.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)")) {
                    p.setInt(1, version);
                    p.setLong(2, clock.millis());
                    p.setString(3, Schema.file(version));
                    p.executeUpdate();
                }
                if (version == 1) {
                    putInfo("format", Schema.FORMAT);
                }
                return null;
            });
        }
    }

    // ------------------------------------------------------------------------------------------------ API

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Optional<OutcomeRule> rule() {
        checkOpen();
        try {
            Optional<String> hold = info(RULE_MAX_HOLD);
            if (hold.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(OutcomeRule.builder().maxHold(Duration.ofMillis(Long.parseLong(hold.get())))
                    .commission(Double.parseDouble(info(RULE_COMMISSION).orElseThrow()))
                    .slippage(Double.parseDouble(info(RULE_SLIPPAGE).orElseThrow())).build());
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "reading the outcome rule", e);
        } catch (RuntimeException e) {
            throw new JournalException(name, "the stored outcome rule is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void bindRule(OutcomeRule rule) {
        Objects.requireNonNull(rule, "rule");
        Optional<OutcomeRule> stored = rule();
        if (stored.isPresent()) {
            if (!stored.get().equals(rule)) {
                throw new JournalRuleException(name, "its outcomes were resolved with " + stored.get() + ", not "
                        + rule + " (use a new journal for another rule)");
            }
            return;
        }
        checkWritable();
        try {
            inTransaction(() -> {
                putInfo(RULE_MAX_HOLD, Long.toString(rule.maxHold().toMillis()));
                putInfo(RULE_COMMISSION, Double.toString(rule.commission()));
                putInfo(RULE_SLIPPAGE, Double.toString(rule.slippage()));
                return null;
            });
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "storing the outcome rule", e);
        }
    }

    @Override
    public synchronized JournalState load() {
        checkOpen();
        try {
            List<StreamCursor> cursors = new ArrayList<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + CURSOR_COLUMNS + " FROM streams")) {
                while (rs.next()) {
                    cursors.add(row(() -> cursor(rs)));
                }
            }
            cursors.sort(Comparator.comparing((StreamCursor c) -> c.stream().symbol())
                    .thenComparing(c -> c.stream().interval()));
            List<JournalEntry> pending = new ArrayList<>();
            for (SignalRecord r : readSignals(" WHERE outcome = 'PENDING'")) {
                pending.add(r.entry());
            }
            return new JournalState(cursors, pending, readTallies());
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "loading the journal", e);
        }
    }

    @Override
    public synchronized void append(List<CandleUpdate> updates) {
        Objects.requireNonNull(updates, "updates");
        checkWritable();
        if (updates.isEmpty()) {
            return;
        }
        // the latest cursor and tally per key: the others would be replaced within this very transaction
        Map<StreamKey, StreamCursor> cursors = new LinkedHashMap<>();
        Map<PredictionTally.TallyKey, PredictionTally> tallies = new LinkedHashMap<>();
        for (CandleUpdate u : updates) {
            cursors.merge(u.cursor().stream(), u.cursor(),
                    (a, b) -> b.lastOpenTime().isBefore(a.lastOpenTime()) ? a : b);
            for (PredictionTally t : u.tallies()) {
                tallies.merge(t.key(), t, (a, b) -> b.asOf().isBefore(a.asOf()) ? a : b);
            }
        }
        try {
            inTransaction(() -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRY);
                        PreparedStatement resolve = connection.prepareStatement(RESOLVE);
                        PreparedStatement tally = connection.prepareStatement(UPSERT_TALLY);
                        PreparedStatement cursor = connection.prepareStatement(UPSERT_CURSOR)) {
                    int inserts = 0;
                    int resolutions = 0;
                    for (CandleUpdate u : updates) {
                        if (u.entry().isPresent()) {
                            bindEntry(insert, u.entry().get());
                            insert.addBatch();
                            inserts++;
                        }
                        for (CandleUpdate.ResolvedSignal r : u.resolutions()) {
                            bindResolution(resolve, r);
                            resolve.addBatch();
                            resolutions++;
                        }
                    }
                    // entries first: a resolution may refer to an entry of this same batch
                    if (inserts > 0) {
                        insert.executeBatch();
                    }
                    if (resolutions > 0) {
                        resolve.executeBatch();
                    }
                    for (PredictionTally t : tallies.values()) {
                        bindTally(tally, t);
                        tally.addBatch();
                    }
                    if (!tallies.isEmpty()) {
                        tally.executeBatch();
                    }
                    for (StreamCursor c : cursors.values()) {
                        bindCursor(cursor, c);
                        cursor.addBatch();
                    }
                    cursor.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "writing " + updates.size() + " candle updates", e);
        }
    }

    @Override
    public synchronized List<SignalRecord> signals() {
        checkOpen();
        try {
            return readSignals("");
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "reading the signals", e);
        }
    }

    @Override
    public synchronized List<PredictionTally> tallies() {
        checkOpen();
        try {
            return readTallies();
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "reading the tallies", e);
        }
    }

    @Override
    public synchronized void recordDecision(RetrainDecision d) {
        Objects.requireNonNull(d, "decision");
        checkWritable();
        Decisions.checkMillis(d);
        try {
            inTransaction(() -> {
                try (PreparedStatement p = connection.prepareStatement(INSERT_DECISION)) {
                    p.setString(1, d.modelId());
                    p.setString(2, d.stream().symbol());
                    p.setString(3, d.stream().interval().wireName());
                    p.setLong(4, d.time().toEpochMilli());
                    p.setString(5, d.trigger());
                    p.setString(6, d.championVersion());
                    p.setString(7, d.challengerVersion().orElse(null));
                    p.setString(8, d.verdict().name());
                    p.setString(9, d.reason());
                    if (d.scores().isPresent()) {
                        HeldOutScores s = d.scores().get();
                        p.setLong(10, s.from().toEpochMilli());
                        p.setLong(11, s.to().toEpochMilli());
                        p.setInt(12, s.windows());
                        p.setDouble(13, s.championLogLoss());
                        p.setDouble(14, s.challengerLogLoss());
                        p.setDouble(15, s.baselineLogLoss());
                        p.setDouble(16, s.championHitRate());
                        p.setDouble(17, s.challengerHitRate());
                        p.setDouble(18, s.previousDirectionHitRate());
                    } else {
                        p.setNull(10, Types.BIGINT);
                        p.setNull(11, Types.BIGINT);
                        p.setNull(12, Types.INTEGER);
                        for (int i = 13; i <= 18; i++) {
                            p.setNull(i, Types.DOUBLE);
                        }
                    }
                    p.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "recording a retraining decision", e);
        }
    }

    @Override
    public synchronized List<RetrainDecision> decisions() {
        checkOpen();
        List<RetrainDecision> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + DECISION_COLUMNS + " FROM retrain_decisions")) {
            while (rs.next()) {
                out.add(row(() -> decision(rs)));
            }
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "reading the retraining decisions", e);
        }
        out.sort(Decisions.ORDER);
        return out;
    }

    private static RetrainDecision decision(ResultSet rs) throws SQLException {
        long from = rs.getLong("window_from");
        Optional<HeldOutScores> scores = rs.wasNull() ? Optional.empty() : Optional.of(new HeldOutScores(
                Instant.ofEpochMilli(from), Instant.ofEpochMilli(rs.getLong("window_to")), rs.getInt("scored_windows"),
                rs.getDouble("champion_log_loss"), rs.getDouble("challenger_log_loss"),
                rs.getDouble("baseline_log_loss"), rs.getDouble("champion_hit_rate"),
                rs.getDouble("challenger_hit_rate"), rs.getDouble("previous_hit_rate")));
        return new RetrainDecision(Instant.ofEpochMilli(rs.getLong("decided_at")), stream(rs),
                rs.getString("model_id"), rs.getString("retrain_trigger"), rs.getString("champion_version"),
                Optional.ofNullable(rs.getString("challenger_version")),
                RetrainDecision.Verdict.valueOf(rs.getString("verdict")), scores, rs.getString("reason"));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw SqlErrors.map(name, sqlite, "closing the journal", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ------------------------------------------------------------------------------------------------ SQL

    private interface Row<T> {
        T read() throws SQLException;
    }

    /** A row that does not make a valid value (edited by hand, or damaged) is reported, naming the problem. */
    private <T> T row(Row<T> row) throws SQLException {
        try {
            return row.read();
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw new JournalException(name, "the journal holds an invalid row: " + e.getMessage(), e);
        }
    }

    private interface Work {
        Object run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the next call reports it
            }
        }
    }

    private Optional<String> info(String key) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT value FROM journal_info WHERE name = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void putInfo(String key, String value) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO journal_info (name, value) VALUES (?, ?)")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    private List<SignalRecord> readSignals(String where) throws SQLException {
        List<SignalRecord> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + ENTRY_COLUMNS + " FROM signals" + where)) {
            while (rs.next()) {
                out.add(row(() -> signal(rs)));
            }
        }
        // sorted here rather than in SQL: the order of intervals is the enum's, not the text's
        out.sort(Comparator.comparing(SignalRecord::entry, JournalEntry.ORDER));
        return out;
    }

    private List<PredictionTally> readTallies() throws SQLException {
        List<PredictionTally> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + TALLY_COLUMNS + " FROM tallies")) {
            while (rs.next()) {
                out.add(row(() -> tally(rs)));
            }
        }
        out.sort(PredictionTally.ORDER);
        return out;
    }

    private void bindEntry(PreparedStatement p, JournalEntry e) throws SQLException {
        p.setString(1, e.stream().symbol());
        p.setString(2, e.stream().interval().wireName());
        p.setLong(3, e.openTime().toEpochMilli());
        p.setString(4, e.modelId());
        p.setString(5, e.modelVersion());
        p.setLong(6, e.closeTime().toEpochMilli());
        p.setString(7, e.action().name());
        p.setString(8, e.strength().name());
        p.setDouble(9, e.probability());
        p.setDouble(10, e.confidence());
        p.setDouble(11, e.entryPrice());
        p.setDouble(12, e.stopLoss());
        p.setDouble(13, e.takeProfit());
        if (e.atr().isPresent()) {
            p.setDouble(14, e.atr().getAsDouble());
        } else {
            p.setNull(14, Types.DOUBLE);
        }
        p.setString(15, e.featureSetId());
        p.setString(16, e.policy());
    }

    private static void bindResolution(PreparedStatement p, CandleUpdate.ResolvedSignal r) throws SQLException {
        Resolution res = r.resolution();
        EntryKey k = r.key();
        p.setString(1, res.outcome().name());
        p.setLong(2, res.exitTime().toEpochMilli());
        p.setDouble(3, res.exitPrice());
        p.setDouble(4, res.pnlPct());
        p.setString(5, k.stream().symbol());
        p.setString(6, k.stream().interval().wireName());
        p.setLong(7, k.openTime().toEpochMilli());
        p.setString(8, k.modelId());
        p.setString(9, k.modelVersion());
    }

    private static void bindTally(PreparedStatement p, PredictionTally t) throws SQLException {
        ProbabilityStats s = t.predictions();
        p.setString(1, t.stream().symbol());
        p.setString(2, t.stream().interval().wireName());
        p.setString(3, t.modelId());
        p.setString(4, t.modelVersion());
        p.setLong(5, t.asOf().toEpochMilli());
        p.setLong(6, t.signals());
        p.setLong(7, t.holds());
        p.setLong(8, t.suppressed());
        p.setLong(9, s.count());
        p.setLong(10, s.hits());
        p.setDouble(11, s.brierSum());
        p.setDouble(12, s.logLossSum());
        p.setLong(13, s.ups());
        p.setLong(14, s.previousHits());
        p.setInt(15, t.recent().capacity());
        p.setBytes(16, t.recent().toBytes());
    }

    private static void bindCursor(PreparedStatement p, StreamCursor c) throws SQLException {
        p.setString(1, c.stream().symbol());
        p.setString(2, c.stream().interval().wireName());
        p.setLong(3, c.lastOpenTime().toEpochMilli());
        p.setDouble(4, c.lastClose());
        p.setString(5, c.lastDirection().name());
        if (c.pending().isPresent()) {
            p.setDouble(6, c.pending().get().probability());
            p.setString(7, c.pending().get().modelId());
            p.setString(8, c.pending().get().modelVersion());
        } else {
            p.setNull(6, Types.DOUBLE);
            p.setNull(7, Types.VARCHAR);
            p.setNull(8, Types.VARCHAR);
        }
    }

    private SignalRecord signal(ResultSet rs) throws SQLException {
        StreamKey stream = stream(rs);
        double atr = rs.getDouble("atr");
        OptionalDouble atrValue = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(atr);
        JournalEntry e = new JournalEntry(stream, Instant.ofEpochMilli(rs.getLong("open_time")),
                Instant.ofEpochMilli(rs.getLong("close_time")), Action.valueOf(rs.getString("action")),
                Strength.valueOf(rs.getString("strength")), rs.getDouble("probability"), rs.getDouble("confidence"),
                rs.getDouble("entry_price"), rs.getDouble("stop_loss"), rs.getDouble("take_profit"), atrValue,
                rs.getString("model_id"), rs.getString("model_version"), rs.getString("feature_set"),
                rs.getString("policy"));
        Outcome outcome = Outcome.valueOf(rs.getString("outcome"));
        if (outcome == Outcome.PENDING) {
            return SignalRecord.pending(e);
        }
        return new SignalRecord(e, Optional.of(new Resolution(outcome, Instant.ofEpochMilli(rs.getLong("exit_time")),
                rs.getDouble("exit_price"), rs.getDouble("pnl_pct"))));
    }

    private static PredictionTally tally(ResultSet rs) throws SQLException {
        ProbabilityStats stats = new ProbabilityStats(rs.getLong("scored"), rs.getLong("hits"),
                rs.getDouble("brier_sum"), rs.getDouble("log_loss_sum"), rs.getLong("ups"),
                rs.getLong("previous_hits"));
        return new PredictionTally(stream(rs), rs.getString("model_id"), rs.getString("model_version"),
                Instant.ofEpochMilli(rs.getLong("as_of")), rs.getLong("signals"), rs.getLong("holds"),
                rs.getLong("suppressed"), stats,
                RecentPredictions.fromBytes(rs.getInt("recent_capacity"), rs.getBytes("recent")));
    }

    private static StreamCursor cursor(ResultSet rs) throws SQLException {
        double p = rs.getDouble("pending_probability");
        Optional<StreamCursor.PendingPrediction> pending = rs.wasNull() ? Optional.empty()
                : Optional.of(new StreamCursor.PendingPrediction(p, rs.getString("pending_model_id"),
                        rs.getString("pending_model_version")));
        return new StreamCursor(stream(rs), Instant.ofEpochMilli(rs.getLong("last_open_time")),
                rs.getDouble("last_close"), StreamCursor.Direction.valueOf(rs.getString("last_direction")), pending);
    }

    private static StreamKey stream(ResultSet rs) throws SQLException {
        return StreamKey.of(rs.getString("symbol"), Interval.fromWireName(rs.getString("candle_interval")));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (readOnly) {
            throw new JournalReadOnlyException(name, "the journal was opened read-only");
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing: the first error is the one reported
        }
    }
}
