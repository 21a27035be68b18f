package dev.candlesignal.backtest;

import dev.candlesignal.Interval;
import dev.candlesignal.backtest.internal.Json;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A grid of strategy parameters to sweep, written {@code name=from:to:step} (or {@code name=value}), comma
 * separated: {@code min-confidence=0.5:0.7:0.02,stop-atr=1:3:0.5} is 11 x 5 = 55 combinations. Values are exact
 * decimals ({@code 0.5, 0.52, ..., 0.7}; {@code to} included when the steps land on it). The parameters:
 * <ul>
 *   <li>{@code min-confidence}, {@code strong-confidence}, {@code stop-atr}, {@code target-atr}: the default
 *       policy's (the base strategy's policy must be a {@link ThresholdPolicy}); when {@code min-confidence} goes
 *       above the strong threshold, the strong threshold follows it (strength does not change a backtest);</li>
 *   <li>{@code max-hold}: the maximum hold in candles;</li>
 *   <li>{@code cooldown}: the cooldown in candles.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public final class SweepGrid {
    /** The parameters a grid may vary. */
    public static final List<String> PARAMETERS = List.of("min-confidence", "strong-confidence", "stop-atr",
            "target-atr", "max-hold", "cooldown");
    /** More combinations than this is a typo, not a sweep. */
    public static final int MAX_COMBINATIONS = 100_000;

    private final Map<String, List<BigDecimal>> axes;

    private SweepGrid(Map<String, List<BigDecimal>> axes) {
        this.axes = axes;
    }

    /**
     * Parses a grid.
     *
     * @throws BacktestException naming the bad part ({@link BacktestException.Reason#BAD_SPECIFICATION})
     */
    public static SweepGrid parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, List<BigDecimal>> axes = new LinkedHashMap<>();
        long combinations = 1;
        for (String part : spec.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw bad(spec, "'" + p + "' is not name=from:to:step or name=value");
            }
            String name = p.substring(0, eq).strip();
            if (!PARAMETERS.contains(name)) {
                throw bad(spec, "unknown parameter '" + name + "' (known: " + String.join(", ", PARAMETERS) + ")");
            }
            if (axes.containsKey(name)) {
                throw bad(spec, name + " is given twice");
            }
            List<BigDecimal> values = values(spec, name, p.substring(eq + 1).strip());
            combinations *= values.size();
            if (combinations > MAX_COMBINATIONS) {
                throw bad(spec, "more than " + MAX_COMBINATIONS + " combinations");
            }
            axes.put(name, values);
        }
        return new SweepGrid(axes);
    }

    private static List<BigDecimal> values(String spec, String name, String text) {
        String[] r = text.split(":", -1);
        try {
            if (r.length == 1) {
                return List.of(new BigDecimal(r[0].strip()));
            }
            if (r.length != 3) {
                throw bad(spec, name + "=" + text + " must be from:to:step or a single value");
            }
            BigDecimal from = new BigDecimal(r[0].strip());
            BigDecimal to = new BigDecimal(r[1].strip());
            BigDecimal step = new BigDecimal(r[2].strip());
            if (step.signum() <= 0 || to.compareTo(from) < 0) {
                throw bad(spec, name + "=" + text + " needs from <= to and a step > 0");
            }
            List<BigDecimal> out = new ArrayList<>();
            for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(step)) {
                out.add(v);
                if (out.size() > MAX_COMBINATIONS) {
                    throw bad(spec, name + "=" + text + " has more than " + MAX_COMBINATIONS + " values");
                }
            }
            return out;
        } catch (NumberFormatException e) {
            throw bad(spec, name + "=" + text + " holds a value that is not a number");
        }
    }

    private static BacktestException bad(String spec, String why) {
        return new BacktestException(BacktestException.Reason.BAD_SPECIFICATION, "--sweep " + spec + ": " + why);
    }

    /** The parameter names, in the order given. */
    public List<String> names() {
        return List.copyOf(axes.keySet());
    }

    /** Number of combinations. */
    public int size() {
        int n = 1;
        for (List<BigDecimal> v : axes.values()) {
            n *= v.size();
        }
        return n;
    }

    /** Every combination, the last parameter varying fastest. */
    public List<Map<String, BigDecimal>> combinations() {
        List<Map<String, BigDecimal>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<BigDecimal>> axis : axes.entrySet()) {
            List<Map<String, BigDecimal>> next = new ArrayList<>(out.size() * axis.getValue().size());
            for (Map<String, BigDecimal> partial : out) {
                for (BigDecimal v : axis.getValue()) {
                    Map<String, BigDecimal> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * The strategy of one combination: {@code base} with the combination's values.
     *
     * @throws BacktestException if a value is out of its parameter's range, or policy parameters are swept over a
     *     policy that is not a {@link ThresholdPolicy}
     */
    public static Strategy apply(Strategy base, Map<String, BigDecimal> combination, Interval interval) {
        Strategy s = base;
        ThresholdPolicy.Builder policy = null;
        try {
            for (Map.Entry<String, BigDecimal> e : combination.entrySet()) {
                double v = e.getValue().doubleValue();
                switch (e.getKey()) {
                    case "max-hold" -> s = s.withRule(s.rule().toBuilder()
                            .maxHold(Strategy.holdOf(e.getValue().intValueExact(), interval)).build());
                    case "cooldown" -> s = s.withCooldown(Cooldown.ofCandles(e.getValue().intValueExact()));
                    default -> {
                        if (policy == null) {
                            if (!(base.policy() instanceof ThresholdPolicy t)) {
                                throw new BacktestException(BacktestException.Reason.BAD_SPECIFICATION, e.getKey()
                                        + " is a parameter of the default policy, not of " + base.policy());
                            }
                            policy = t.toBuilder();
                        }
                        switch (e.getKey()) {
                            case "min-confidence" -> policy.minConfidence(v);
                            case "strong-confidence" -> policy.strongConfidence(v);
                            case "stop-atr" -> policy.stopAtrMultiple(v);
                            case "target-atr" -> policy.targetAtrMultiple(v);
                            default -> throw new IllegalStateException(e.getKey());
                        }
                    }
                }
            }
            if (policy != null) {
                ThresholdPolicy built;
                try {
                    built = policy.build();
                } catch (IllegalArgumentException strongBelowMin) {
                    ThresholdPolicy partial = policy.strongConfidence(1.0).build();
                    built = partial.toBuilder().strongConfidence(partial.minConfidence()).build();
                }
                s = s.withPolicy(built);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new BacktestException(BacktestException.Reason.BAD_SPECIFICATION, "sweep combination " + combination
                    + ": " + e.getMessage(), e);
        }
        return s;
    }

    /** {@code sweep.csv}'s metric columns, after the parameters. */
    public static final List<String> METRIC_COLUMNS = List.of("trades", "win_rate", "total_return_pct", "cagr_pct",
            "max_drawdown_pct", "sharpe", "sortino", "profit_factor", "expectancy_pct", "exposure_pct");

    /**
     * {@code sweep.csv}'s last columns: the total return of each trivial baseline ({@link BacktestResult#BASELINES})
     * under the row's holding rule and levels, so that a row can be read against what needed no model.
     */
    public static final List<String> BASELINE_COLUMNS = BacktestResult.BASELINES.stream()
            .map(b -> b + "_return_pct").toList();

    /** The parameters the baselines depend on: the levels (ATR multiples) and the holding rule. */
    private static final Set<String> BASELINE_PARAMETERS = Set.of("stop-atr", "target-atr", "max-hold");

    /**
     * The part of a combination that the trivial baselines depend on: a baseline enters on every candle (or once),
     * with the policy's levels for a forced BUY or SELL and the holding rule, so confidence thresholds and the
     * cooldown do not change it. Combinations with equal keys share their baselines.
     */
    public static Map<String, BigDecimal> baselineKey(Map<String, BigDecimal> combination) {
        Map<String, BigDecimal> key = new LinkedHashMap<>();
        combination.forEach((name, value) -> {
            if (BASELINE_PARAMETERS.contains(name)) {
                key.put(name, value);
            }
        });
        return key;
    }

    /**
     * The trivial baselines of every combination ({@link Backtester#baselines}), computed once per distinct
     * {@link #baselineKey}; {@code strategies} are the combinations applied ({@link #apply}), in the same order.
     */
    public static List<Map<String, Simulation>> baselines(Backtester backtester, Predictions predictions,
            BacktestRange range, List<Map<String, BigDecimal>> combinations, List<Strategy> strategies) {
        if (strategies.size() != combinations.size()) {
            throw new IllegalArgumentException(combinations.size() + " combinations but " + strategies.size()
                    + " strategies");
        }
        Map<Map<String, BigDecimal>, Map<String, Simulation>> byKey = new HashMap<>();
        List<Map<String, Simulation>> out = new ArrayList<>(combinations.size());
        for (int i = 0; i < combinations.size(); i++) {
            Strategy s = strategies.get(i);
            out.add(byKey.computeIfAbsent(baselineKey(combinations.get(i)),
                    k -> backtester.baselines(predictions, range, s)));
        }
        return out;
    }

    /**
     * Writes {@code sweep.csv} atomically: one row per combination, the parameters, then {@link #METRIC_COLUMNS},
     * then {@link #BASELINE_COLUMNS} from {@code baselines} (one map per row, as {@link Backtester#baselines}
     * returns); undefined values are empty. An in-sample sweep gets a first line {@code # IN-SAMPLE: ...}.
     */
    public void write(Path file, List<Map<String, BigDecimal>> combinations, List<Simulation> results,
            List<Map<String, Simulation>> baselines, List<String> inSampleNotes) {
        if (results.size() != combinations.size() || baselines.size() != combinations.size()) {
            throw new IllegalArgumentException(combinations.size() + " combinations but " + results.size()
                    + " results and " + baselines.size() + " baseline sets");
        }
        try {
            AtomicFile.writeText(file, w -> {
                if (!inSampleNotes.isEmpty()) {
                    w.write("# IN-SAMPLE: " + String.join("; ", inSampleNotes) + "\n");
                }
                List<String> header = new ArrayList<>();
                for (String n : names()) {
                    header.add(n.replace('-', '_'));
                }
                header.addAll(METRIC_COLUMNS);
                header.addAll(BASELINE_COLUMNS);
                w.write(String.join(",", header) + "\n");
                for (int i = 0; i < combinations.size(); i++) {
                    List<String> row = new ArrayList<>();
                    for (BigDecimal v : combinations.get(i).values()) {
                        row.add(v.toPlainString());
                    }
                    Map<String, Object> m = results.get(i).metrics().toMap();
                    for (String column : METRIC_COLUMNS) {
                        row.add(cell(m.get(column)));
                    }
                    for (String b : BacktestResult.BASELINES) {
                        Simulation base = baselines.get(i).get(b);
                        row.add(base == null ? "" : cell(base.metrics().totalReturnPct()));
                    }
                    w.write(String.join(",", row) + "\n");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String cell(Object value) {
        String text = Json.write(value);
        return "null".equals(text) ? "" : text;
    }
}
