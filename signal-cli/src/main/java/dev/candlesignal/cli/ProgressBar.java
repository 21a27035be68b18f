package dev.candlesignal.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for a download over {@code [from, to)}: the share of the time range
 * covered, pages, candles and the estimated time left, redrawn in place ({@code \r}) after each page and erased
 * when done, so the summary line that follows stands alone. {@link #silent()} draws nothing: the app uses it
 * with {@code --quiet} and whenever the output is not a terminal ({@link #interactive()}), so logs and pipes
 * never get control characters.
 *
 * <p>Not thread-safe; driven by the thread that downloads.
 */
class ProgressBar {
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final Clock clock;
    private final String label;
    private final Instant from;
    private final Instant to;
    private final Instant started;
    private int pages;
    private long candles;
    private int drawn;

    /**
     * @param err where to draw; {@code null} draws nothing ({@link #silent()})
     * @param label what is downloaded, e.g. {@code BTCUSDT 1h}
     * @param to the end of the range, already capped at the present
     */
    ProgressBar(PrintWriter err, Clock clock, String label, Instant from, Instant to) {
        this.err = err;
        this.clock = clock;
        this.label = label;
        this.from = from;
        this.to = to;
        this.started = clock.instant();
    }

    /** Draws nothing. */
    static ProgressBar silent() {
        return new ProgressBar(null, Clock.systemUTC(), "", Instant.EPOCH, Instant.EPOCH);
    }

    /**
     * Whether the app talks to a terminal: {@link System#console()} exists and, on JDK 22 and later (where a
     * console exists even when the streams are redirected), {@code Console.isTerminal()} says so.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;  // JDK 21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** One more page of {@code size} candles has been written; the range is covered up to {@code coveredUntil}. */
    void page(int size, Instant coveredUntil) {
        pages++;
        candles += size;
        if (err == null) {
            return;
        }
        double share = share(coveredUntil);
        Duration elapsed = Duration.between(started, clock.instant());
        String eta = share <= 0 ? "--:--"
                : clock(Duration.ofMillis(Math.round(elapsed.toMillis() * (1 - share) / share)));
        int filled = (int) Math.round(share * WIDTH);
        String line = String.format(Locale.ROOT, "%s [%s%s] %3d%%  %d page%s  %,d candles  ETA %s", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(share * 100), pages, pages == 1 ? "" : "s",
                candles, eta);
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    /** Erases the bar. */
    void done() {
        if (err != null && drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }

    private double share(Instant coveredUntil) {
        long total = Duration.between(from, to).toMillis();
        if (total <= 0) {
            return 1;
        }
        long done = Duration.between(from, coveredUntil).toMillis();
        return Math.max(0, Math.min(1, done / (double) total));
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
