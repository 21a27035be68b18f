package dev.candlesignal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleFormatException;
import dev.candlesignal.Interval;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzz-style property over the kline reader: random byte mutations of the head of the bundled BTCUSDT 1h file either
 * read as candles that obey every validation rule (checked here independently of the reader's own code) or fail
 * with a {@link CandleFormatException}; nothing else is ever thrown. Each case runs from its own seed, printed in the
 * failure message; {@code -Dfuzz.seed=N -Dfuzz.cases=1} replays one.
 */
class KlineCsvFuzzTest {
    static final long HOUR = 3_600_000L;
    static final long MIN_MILLIS = Instant.parse("2009-01-01T00:00:00Z").toEpochMilli();
    static final long MAX_MILLIS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    static final byte[] INTERESTING = "0123456789,.-+eE \r\n\t\uFEFFx".getBytes(StandardCharsets.UTF_8);
    static byte[] original;

    @BeforeAll
    static void readHead() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../data/binance/BTCUSDT-1h.csv"));
        original = (String.join("\n", lines.subList(0, 49)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mutatedFilesGiveValidCandlesOrATypedError() {
        long first = Long.getLong("fuzz.seed", 20_261_121L);
        int cases = Integer.getInteger("fuzz.cases", 600);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            long seed = first + i;
            byte[] mutated = mutate(original, new SplittableRandom(seed));
            boolean inferred = (seed & 1) == 0;
            List<Candle> candles;
            try {
                candles = inferred ? KlineCsv.read(reader(mutated), "fuzz.csv")
                        : KlineCsv.read(reader(mutated), "fuzz.csv", Interval.HOUR_1);
            } catch (CandleFormatException e) {
                assertThat(e.getMessage()).as("seed %d", seed).startsWith("fuzz.csv:");
                refused++;
                continue;
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " (-Dfuzz.seed=" + seed + " -Dfuzz.cases=1): " + t
                        + "\n--- input ---\n" + new String(mutated, StandardCharsets.UTF_8), t);
            }
            Optional<String> broken = violation(candles, inferred ? KlineCsv.inferInterval(candles) : Optional.of(Interval.HOUR_1));
            if (broken.isPresent()) {
                throw new AssertionError("seed " + seed + " (-Dfuzz.seed=" + seed + " -Dfuzz.cases=1): the reader "
                        + "returned a candle that breaks a rule: " + broken.get() + "\n--- input ---\n"
                        + new String(mutated, StandardCharsets.UTF_8));
            }
            accepted++;
        }
        if (cases >= 100) {
            // the property is only worth something if mutations land on both sides
            assertThat(accepted).as("mutated files read as valid candles").isGreaterThan(cases / 20);
            assertThat(refused).as("mutated files refused").isGreaterThan(cases / 4);
        }
    }

    static InputStreamReader reader(byte[] bytes) {
        // as KlineCsv.read(Path) decodes: malformed UTF-8 becomes U+FFFD
        return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    }

    /** One to four random edits: overwrite, insert or delete a byte, duplicate, drop or swap lines. */
    static byte[] mutate(byte[] input, SplittableRandom random) {
        byte[] bytes = input.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(bytes.length);
            byte b = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
            bytes = switch (random.nextInt(6)) {
                case 0, 1 -> {
                    bytes[at] = b;
                    yield bytes;
                }
                case 2 -> splice(bytes, at, 0, new byte[] {b});
                case 3 -> splice(bytes, at, 1, new byte[0]);
                default -> lineEdit(bytes, random);
            };
            if (bytes.length == 0) {
                bytes = new byte[] {'\n'};
            }
        }
        return bytes;
    }

    static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, at);
        out.writeBytes(insert);
        out.write(bytes, at + remove, bytes.length - at - remove);
        return out.toByteArray();
    }

    static byte[] lineEdit(byte[] bytes, SplittableRandom random) {
        List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)));
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        switch (random.nextInt(3)) {
            case 0 -> lines.add(a, lines.get(b));
            case 1 -> lines.remove(a);
            default -> {
                String t = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, t);
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The rules, restated from the README and the issue rather than calling the reader's code. */
    static Optional<String> violation(List<Candle> candles, Optional<Interval> interval) {
        if (!candles.isEmpty() && interval.isEmpty()) {
            return Optional.of("the reader accepted candles whose interval cannot be inferred");
        }
        Candle previous = null;
        for (Candle c : candles) {
            String where = "candle " + c;
            long open = c.openTime().toEpochMilli();
            long close = c.closeTime().toEpochMilli();
            if (open < MIN_MILLIS || open >= MAX_MILLIS || close < MIN_MILLIS || close >= MAX_MILLIS) {
                return Optional.of(where + ": a time outside 2009..2100");
            }
            if (c.closeTime().isBefore(c.openTime())) {
                return Optional.of(where + ": closes before it opens");
            }
            if (interval.get() == Interval.HOUR_1) {
                if (c.openTime().getNano() % 1_000_000 != 0 || open % HOUR != 0) {
                    return Optional.of(where + ": open time not on a whole hour");
                }
                if (!c.closeTime().isBefore(c.openTime().plusMillis(HOUR))) {
                    return Optional.of(where + ": closes after its hour");
                }
                if (previous != null && (open - previous.openTime().toEpochMilli()) % HOUR != 0) {
                    return Optional.of(where + ": not a whole number of hours after the previous candle");
                }
            } else if (!interval.get().isAligned(c.openTime()) || !c.closeTime().isBefore(interval.get().next(c.openTime()))) {
                return Optional.of(where + ": times do not fit the inferred " + interval.get());
            }
            if (previous != null && !c.openTime().isAfter(previous.openTime())) {
                return Optional.of(where + ": not after the previous candle");
            }
            double[] prices = {c.open(), c.high(), c.low(), c.close()};
            for (double p : prices) {
                if (!(p > 0) || !Double.isFinite(p)) {
                    return Optional.of(where + ": a price that is not finite and > 0");
                }
            }
            if (!(c.low() <= c.open() && c.open() <= c.high() && c.low() <= c.close() && c.close() <= c.high())) {
                return Optional.of(where + ": open or close outside [low, high]");
            }
            double[] volumes = {c.volume(), c.quoteVolume(), c.takerBuyBaseVolume(), c.takerBuyQuoteVolume()};
            for (double v : volumes) {
                if (!(v >= 0) || !Double.isFinite(v)) {
                    return Optional.of(where + ": a volume that is not finite and >= 0");
                }
            }
            if (c.takerBuyBaseVolume() > c.volume() || c.takerBuyQuoteVolume() > c.quoteVolume()) {
                return Optional.of(where + ": taker-buy volume above the volume");
            }
            if (c.trades() < 0) {
                return Optional.of(where + ": negative trade count");
            }
            previous = c;
        }
        return Optional.empty();
    }
}
