package dev.candlesignal.cli;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.SignalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code candlesignal} command-line app. Each subcommand lives in its own class.
 *
 * <p>Conventions for every subcommand: machine-readable results go to stdout, summaries and diagnostics to
 * stderr; a user error (bad file, unknown column, wrong model, a flag picocli cannot parse) prints one line starting
 * with {@code candlesignal: } and exits with status 2, never a stack trace. Anything else (a bug) also prints one line,
 * exits with status 1, and prints the stack trace only when {@code CANDLESIGNAL_DEBUG} is set.
 */
@Command(name = "candlesignal",
        mixinStandardHelpOptions = true,
        versionProvider = CandleSignalCli.Version.class,
        description = "Turns exchange candles into trading signals from an LSTM model.",
        subcommands = {
            ReplayCommand.class,
            LiveCommand.class,
            DownloadCommand.class,
            FeaturesCommand.class,
            OutcomesCommand.class,
            StatsCommand.class,
            ModelsCommand.class,
            BacktestCommand.class,
            TrainCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class CandleSignalCli implements Callable<Integer> {

    /** Exit status for user errors (bad input, wrong model). */
    public static final int USER_ERROR = 2;

    /** Exit status for an unexpected failure (a bug: please report it). */
    public static final int INTERNAL_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: the usage goes to stderr and the status says it was not a successful run. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USER_ERROR;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the app with the given output streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** {@link #run(String[], PrintWriter, PrintWriter)} with picocli's factory (tests hand commands their fakes). */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new CandleSignalCli(), factory);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, ignoredArgs) -> {
            CommandLine command = ex.getCommandLine();
            command.getErr().println("candlesignal: " + oneLine(ex.getMessage()) + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (isUserError(ex)) {
                commandLine.getErr().println("candlesignal: " + describe(ex));
                return USER_ERROR;
            }
            commandLine.getErr().println("candlesignal: internal error: " + ex.getClass().getName() + ": "
                    + oneLine(ex.getMessage()) + " (set CANDLESIGNAL_DEBUG=1 for the stack trace, and please report it)");
            if (System.getenv("CANDLESIGNAL_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    /**
     * Errors caused by what the user gave us. IllegalArgumentException and DateTimeException come from the
     * library's own validation of values the user typed (a symbol with a space, a date out of range), which names
     * the bad value; ArithmeticException from an option value too large to compute with.
     */
    private static boolean isUserError(Exception ex) {
        return ex instanceof UserError || ex instanceof SignalException || ex instanceof ModelLoadException
                || ex instanceof dev.candlesignal.store.ModelStoreException
                || ex instanceof UncheckedIOException || ex instanceof IOException
                || ex instanceof IllegalArgumentException || ex instanceof DateTimeException
                || ex instanceof ArithmeticException;
    }

    /** The message a user sees: file-system errors name their cause, which the JDK's messages leave out. */
    private static String describe(Throwable ex) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String path = cause instanceof java.nio.file.FileSystemException f ? f.getFile() : null;
        if (cause instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + path;
        }
        if (cause instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + path;
        }
        if (cause instanceof java.nio.file.FileSystemException f && f.getReason() != null && path != null
                && oneLine(ex.getMessage()).equals(oneLine(f.getMessage()))) {
            return f.getReason() + ": " + path;
        }
        return oneLine(ex.getMessage());
    }

    /** Messages are printed on one line: picocli's and some JDK messages span several. */
    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** An error the user can fix; printed as one line without a stack trace. */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }

        public UserError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // version.properties is filtered by Maven with the project's version at build time
            java.util.Properties p = new java.util.Properties();
            try (var in = CandleSignalCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the version resource", e);
            }
            return new String[] {"candlesignal " + p.getProperty("version", "(development build)")};
        }
    }
}
