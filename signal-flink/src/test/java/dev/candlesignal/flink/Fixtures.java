package dev.candlesignal.flink;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.testkit.TestModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The bundled data, models and the mini cluster shared by the Flink tests. */
final class Fixtures {
    static final Path DATA = Path.of("../data/binance");
    static final Path DEMO_MODEL = Path.of("../models/demo-btcusdt-1h");
    /** The three bundled symbols. */
    static final List<String> SYMBOLS = List.of("BTCUSDT", "LTCUSDT", "BNBUSDT");

    private Fixtures() {
    }

    /** One task manager with 4 slots: enough for parallelism 4 (a slot per parallel pipeline). */
    static MiniClusterExtension cluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).setConfiguration(new Configuration()).build());
    }

    static Path file(String symbol) {
        Path plain = DATA.resolve(symbol + "-1h.csv");
        return Files.exists(plain) ? plain : DATA.resolve(symbol + "-1h.csv.gz");
    }

    /** Each bundled symbol's candles, whole or the first {@code limit}. */
    static Map<StreamKey, List<Candle>> candles(int limit) {
        Map<StreamKey, List<Candle>> all = new LinkedHashMap<>();
        for (String s : SYMBOLS) {
            List<Candle> c = KlineCsv.read(file(s));
            all.put(StreamKey.of(s, dev.candlesignal.Interval.HOUR_1), c.subList(0, Math.min(limit, c.size())));
        }
        return all;
    }

    /** The candles written as {@code SYMBOL-1h.csv} files in {@code dir}, for a source; returns the paths. */
    static List<String> write(Path dir, Map<StreamKey, List<Candle>> candles) {
        List<String> files = new ArrayList<>();
        candles.forEach((k, c) -> {
            Path f = dir.resolve(k.symbol() + "-" + k.interval().wireName() + ".csv");
            KlineCsv.write(f, c);
            files.add(f.toAbsolutePath().toString());
        });
        return files;
    }

    /** The demo model's scaler, a realistic one for standard14 windows. */
    static Scaler demoScaler() {
        try {
            return ModelBundle.load(DEMO_MODEL).spec().scaler();
        } catch (dev.candlesignal.ModelLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Test models for references {@code v1}, {@code v2}, ...: pure-Java linear models over standard14 (so a window
     * gets the same probability in any batch), the gain growing with the version.
     */
    static final class TestModels implements ModelResolver {
        private static final long serialVersionUID = 1L;

        @Override
        public Model load(ModelReference reference) {
            int version = Integer.parseInt(reference.location().substring(1));
            return TestModel.linear(FeatureSets.standard14(), 60, reference.location(), demoScaler(), 1.5 * version);
        }
    }

    /** What SignalEngine.replay makes of each stream with {@code model}. */
    static Map<StreamKey, List<Evaluation>> replay(Map<StreamKey, List<Candle>> candles, Function<StreamKey, Model> model) {
        Map<StreamKey, List<Evaluation>> out = new LinkedHashMap<>();
        candles.forEach((k, c) -> {
            Model m = model.apply(k);
            FeatureSet fs = FeatureSets.byId(m.featureSetId());
            try (SignalEngine engine = SignalEngine.builder().featureSet(fs).model(m).build()) {
                out.put(k, engine.replay(k, c));
            }
        });
        return out;
    }

    /** The evaluations grouped by stream, in arrival order. */
    static Map<StreamKey, List<Evaluation>> byStream(List<Evaluation> evaluations) {
        Map<StreamKey, List<Evaluation>> out = new LinkedHashMap<>();
        for (Evaluation e : evaluations) {
            out.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** The committed CSV lines of a {@link SignalSinks#csvFiles} directory, per bucket, sorted by open time. */
    static Map<String, List<String>> committed(Path dir) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        try (var buckets = Files.list(dir)) {
            for (Path bucket : buckets.filter(Files::isDirectory).toList()) {
                List<String> lines = new ArrayList<>();
                try (var parts = Files.list(bucket)) {
                    for (Path part : parts.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                        Files.readAllLines(part).stream().filter(l -> !l.isEmpty()).forEach(lines::add);
                    }
                }
                lines.sort(java.util.Comparator.comparing(l -> java.time.Instant.parse(l.split(",")[1])));
                out.put(bucket.getFileName().toString(), lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The CSV lines SignalEngine.replay gives, per bucket. */
    static Map<String, List<String>> expectedLines(Map<StreamKey, List<Evaluation>> replayed) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        replayed.forEach((k, evaluations) -> out.put(k.symbol() + "-" + k.interval().wireName(),
                evaluations.stream().filter(e -> e.signal().isPresent()).map(SignalCsv::line).toList()));
        return out;
    }
}
