package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.replay.KlineCsv;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Works out which stream a candle file holds: from options, the file name ({@code BTCUSDT-1h.csv}), or the data. */
final class StreamOptions {
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9]+)-(\\d+[smhdwM])\\b.*");

    private StreamOptions() {
    }

    /**
     * The interval the user states for a candle file: {@code --interval}, else the file name's
     * ({@code BTCUSDT-1h.csv}); empty when neither says, and the reader infers it from the data. The candles are
     * then checked against it, so a 1h file under a 4h name or {@code --interval 1m} is refused with the file, the
     * line and the value.
     */
    static Optional<Interval> interval(Optional<String> option, Path candlesFile) {
        if (option.isPresent()) {
            return Optional.of(parseInterval(option.get()));
        }
        Matcher m = FILE_NAME.matcher(candlesFile.getFileName().toString());
        return m.matches() && isInterval(m.group(2)) ? Optional.of(Interval.fromWireName(m.group(2))) : Optional.empty();
    }

    /** Reads a candle file, checking its times against {@link #interval}, or against the interval inferred. */
    static List<Candle> read(Path candlesFile, Optional<Interval> interval) {
        List<Candle> candles = interval.map(i -> KlineCsv.read(candlesFile, i)).orElseGet(() -> KlineCsv.read(candlesFile));
        if (candles.isEmpty()) {
            throw new CandleSignalCli.UserError(candlesFile + " holds no candles");
        }
        return candles;
    }

    /** The stream of a candle file that {@link #read} accepted: symbol from options, file name or model. */
    static StreamKey resolve(Optional<String> symbol, Optional<Interval> interval, Path candlesFile, List<Candle> candles,
            ModelManifest manifest) {
        Matcher m = FILE_NAME.matcher(candlesFile.getFileName().toString());
        Optional<String> nameSymbol = m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        String s = symbol.or(() -> nameSymbol).orElse(manifest.training().symbols().get(0));
        Interval i = interval.or(() -> KlineCsv.inferInterval(candles)).orElse(manifest.training().interval());
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
}
