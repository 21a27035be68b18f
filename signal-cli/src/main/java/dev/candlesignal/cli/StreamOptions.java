package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.ModelManifest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Works out which stream a candle file holds: from options, the file name ({@code BTCUSDT-1h.csv}), or the data. */
final class StreamOptions {
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9]+)-(\\d+[smhdwM])\\b.*");

    private StreamOptions() {
    }

    static StreamKey resolve(Optional<String> symbol, Optional<String> interval, Path candlesFile, List<Candle> candles,
            ModelManifest manifest) {
        Matcher m = FILE_NAME.matcher(candlesFile.getFileName().toString());
        Optional<String> nameSymbol = m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        Optional<String> nameInterval = m.matches() ? Optional.of(m.group(2)) : Optional.empty();
        String s = symbol.or(() -> nameSymbol).orElse(manifest.training().symbols().get(0));
        Interval i;
        if (interval.isPresent()) {
            i = parseInterval(interval.get());
        } else if (nameInterval.isPresent() && isInterval(nameInterval.get())) {
            i = Interval.fromWireName(nameInterval.get());
        } else {
            i = infer(candles).orElse(manifest.training().interval());
        }
        try {
            return StreamKey.of(s, i);
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
    }

    static Interval parseInterval(String name) {
        try {
            return Interval.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
    }

    private static boolean isInterval(String name) {
        try {
            Interval.fromWireName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The interval whose length is the most common spacing of open times. */
    static Optional<Interval> infer(List<Candle> candles) {
        Map<Long, Integer> spacing = new HashMap<>();
        for (int k = 1; k < candles.size(); k++) {
            long d = candles.get(k).openTime().toEpochMilli() - candles.get(k - 1).openTime().toEpochMilli();
            spacing.merge(d, 1, Integer::sum);
        }
        return spacing.entrySet().stream().max(Map.Entry.comparingByValue()).flatMap(e -> {
            for (Interval i : Interval.values()) {
                if (i.isFixedLength() && i.millis() == e.getKey()) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        });
    }
}
