package dev.candlesignal.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code candlesignal} command-line app. Each subcommand lives in its own class.
 *
 * <p>Conventions for every subcommand: machine-readable results go to stdout, summaries and diagnostics to
 * stderr; a user error (bad file, unknown column, wrong model) prints one line starting with
 * {@code candlesignal: } and exits with status 2, never a stack trace.
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
            CommandLine.HelpCommand.class,
        })
public final class CandleSignalCli implements Runnable {

    /** Exit status for user errors (bad input, wrong model). */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the app with the given output streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new CandleSignalCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError || ex instanceof dev.candlesignal.SignalException
                    || ex instanceof dev.candlesignal.ModelLoadException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof java.io.IOException) {
                commandLine.getErr().println("candlesignal: " + ex.getMessage());
                return USER_ERROR;
            }
            throw ex;
        });
        return cli.execute(args);
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
            String v = CandleSignalCli.class.getPackage().getImplementationVersion();
            return new String[] {"candlesignal " + (v == null ? "(development build)" : v)};
        }
    }
}
