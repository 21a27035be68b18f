package dev.candlesignal.flink.cli;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.SignalException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code candlesignal-flink}: the engine's jobs on Apache Flink. Run by {@code ./candlesignal-flink} on a local
 * mini cluster, or submitted to a cluster with {@code flink run -c dev.candlesignal.flink.cli.FlinkCli JAR replay ...}.
 *
 * <p>Conventions of {@code candlesignal}: results in files or on stdout, diagnostics on stderr; a user error prints
 * one line starting with {@code candlesignal-flink: } and exits with status 2; anything else exits with status 1 and
 * prints the stack trace only when {@code CANDLESIGNAL_DEBUG} is set.
 */
@Command(name = "candlesignal-flink", mixinStandardHelpOptions = true,
        description = "Runs candlesignal's jobs on Apache Flink (a local mini cluster unless submitted with 'flink run').",
        subcommands = {ReplayJob.class, CommandLine.HelpCommand.class})
public final class FlinkCli implements Callable<Integer> {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USER_ERROR;
    }

    public static void main(String[] args) {
        int status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs with the given streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new FlinkCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, ignored) -> {
            ex.getCommandLine().getErr().println("candlesignal-flink: " + oneLine(ex.getMessage()) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = userError(ex);
            if (cause != null) {
                commandLine.getErr().println("candlesignal-flink: " + oneLine(cause.getMessage()));
                return USER_ERROR;
            }
            commandLine.getErr().println("candlesignal-flink: internal error: " + ex.getClass().getName() + ": "
                    + oneLine(ex.getMessage()) + " (set CANDLESIGNAL_DEBUG=1 for the stack trace)");
            if (System.getenv("CANDLESIGNAL_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    /** The user error in {@code ex}'s causes (a failed Flink job wraps the task's exception), or null. */
    private static Throwable userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UserError || t instanceof SignalException || t instanceof ModelLoadException
                    || t instanceof UncheckedIOException) {
                return t;
            }
        }
        return null;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** A mistake of the user's: one line, status 2. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }
}
