package dev.candlesignal.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A one-line progress bar on standard error: a label, the share done, what has been done and the estimated time left,
 * redrawn in place ({@code \r}) and erased when done, so the summary line that follows stands alone. A download over
 * {@code [from, to)} reports pages ({@link #page}): the share is the part of the time range covered; a training
 * reports its own share and details ({@link #show}). {@link #silent()} draws nothing: the app uses it with
 * {@code --quiet} and whenever the output is not a terminal ({@link #interactive()}), so logs and pipes never get
 * control characters.
 *
 * <p>Not thread-safe; driven by the thread that does the work.
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
     * A bar for a download.
     *
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

    /** A bar whose share and details the caller gives ({@link #show}), e.g. for a training. */
    ProgressBar(PrintWriter err, String label) {
        this(err, Clock.systemUTC(), label, Instant.EPOCH, Instant.EPOCH);
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
        Duration eta = share <= 0 ? null : Duration.ofMillis(Math.round(elapsed.toMillis() * (1 - share) / share));
        show(share, String.format(Locale.ROOT, "%d page%s  %,d candles", pages, pages == 1 ? "" : "s", candles), eta);
    }

    /**
     * Draws the bar at {@code share} (0 to 1) with {@code details} after the percentage and the time left, or
     * {@code --:--} when it is not known ({@code null}).
     */
    void show(double share, String details, Duration eta) {
        if (err == null) {
            return;
        }
        double s = Math.max(0, Math.min(1, share));
        int filled = (int) Math.round(s * WIDTH);
        String line = String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s  ETA %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(s * 100), details, eta == null ? "--:--" : clock(eta));
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
