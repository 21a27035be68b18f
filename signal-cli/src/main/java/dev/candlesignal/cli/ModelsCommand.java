package dev.candlesignal.cli;

import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.store.Pointer;
import dev.candlesignal.store.Retention;
import dev.candlesignal.store.StoredVersion;
import dev.candlesignal.training.RetrainDecision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal models list|show|rollback|prune --store DIR}: what a model store holds, which version serves,
 * serving an older one again, and removing the versions retention does not keep.
 *
 * <pre>
 * candlesignal models list --store store
 * candlesignal models show demo-btcusdt-1h-standard14 --store store
 * candlesignal models rollback demo-btcusdt-1h-standard14 3 --store store
 * candlesignal models prune --store store --keep 5 --keep-days 7
 * </pre>
 */
@Command(name = "models",
        description = "Lists, shows, rolls back and prunes the versions in a model store (--store DIR).",
        mixinStandardHelpOptions = true,
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Show.class, ModelsCommand.Rollback.class,
            ModelsCommand.Prune.class})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No subcommand: the usage, and a user error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CandleSignalCli.USER_ERROR;
    }

    /** The {@code --store} option every subcommand takes. */
    static final class StoreOption {
        @Option(names = "--store", required = true, paramLabel = "DIR", description = "The model store.")
        Path store;

        ModelStore readOnly() {
            return ModelStore.openReadOnly(store);
        }
    }

    @Command(name = "list", description = "Lists every version of every model: parent, created, training range, "
            + "validation metrics, and which serves (*).", mixinStandardHelpOptions = true)
    static final class ListVersions implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption store;

        @Override
        public Integer call() {
            ModelStore s = store.readOnly();
            PrintWriter out = spec.commandLine().getOut();
            List<String> ids = s.modelIds();
            if (ids.isEmpty()) {
                out.println("(the store holds no models)");
                out.flush();
                return 0;
            }
            TextTable table = new TextTable(List.of("", "model", "version", "parent", "created", "saved",
                    "trained from", "trained to", "val loss", "val accuracy"), 8);
            for (String id : ids) {
                Optional<String> current = s.pointer(id).map(Pointer::version);
                for (StoredVersion v : s.versions(id)) {
                    ModelManifest m = v.manifest();
                    table.add(List.of(current.filter(v.version()::equals).isPresent() ? "*" : "", id, v.version(),
                            v.parentVersion().orElse("-"), m.createdAt().toString(), v.savedAt().toString(),
                            m.training().from().toString(), m.training().to().toString(), metric(m, "val_log_loss", "val_loss"),
                            metric(m, "val_accuracy")));
                }
            }
            table.print(out);
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", description = "Shows one version (default: the current one) with all its metrics, the "
            + "pointer, and the model's retraining decisions.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "MODEL", description = "The model id.")
        String model;

        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "The version (default: current).")
        String version;

        @Override
        public Integer call() {
            ModelStore s = store.readOnly();
            PrintWriter out = spec.commandLine().getOut();
            Optional<Pointer> pointer = s.pointer(model);
            String v = version != null ? version : pointer.map(Pointer::version).orElseThrow(() ->
                    new CandleSignalCli.UserError("model " + model + " has no current version in " + s.directory()
                            + "; name a version (models list shows them)"));
            StoredVersion stored = s.version(model, v).orElseThrow(() -> new CandleSignalCli.UserError("model "
                    + model + " has no version " + v + " in " + s.directory() + " (kept: " + String.join(", ",
                            s.versions(model).stream().map(StoredVersion::version).toList()) + ")"));
            s.open(model, v); // the hashes are checked: a damaged version is reported, not shown as fine
            ModelManifest m = stored.manifest();
            out.println(model + " v" + v + (pointer.map(Pointer::version).filter(v::equals).isPresent()
                    ? " (serving)" : ""));
            out.println("  parent        " + m.parentVersion().orElse("-"));
            out.println("  created       " + m.createdAt());
            out.println("  saved         " + stored.savedAt());
            out.println("  architecture  " + m.architecture());
            out.println("  features      " + m.featureSetId() + " (" + m.columns().size() + " columns), windows of "
                    + m.sequenceLength());
            out.println("  trained on    " + String.join(", ", m.training().symbols()) + " "
                    + m.training().interval().wireName() + " from " + m.training().from() + " to " + m.training().to());
            out.println("  directory     " + stored.directory());
            pointer.ifPresent(p -> out.println("  pointer       v" + p.version() + " since " + p.changedAt()
                    + p.previous().map(prev -> " (was v" + prev + ")").orElse("") + ": " + p.reason()));
            Map<String, Double> metrics = new TreeMap<>(m.metrics());
            if (!metrics.isEmpty()) {
                out.println("  metrics");
                metrics.forEach((k, x) -> out.println("    " + k + " = " + x));
            }
            List<RetrainDecision> decisions = s.decisions(model);
            out.println("  retraining decisions: " + (decisions.isEmpty() ? "none" : decisions.size()));
            out.flush();
            if (!decisions.isEmpty()) {
                DecisionTable.print(out, decisions);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rollback", description = "Serves a kept version again (the pointer is replaced atomically; a "
            + "running live process picks it up when it restarts).", mixinStandardHelpOptions = true)
    static final class Rollback implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "MODEL", description = "The model id.")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version to serve.")
        String version;

        @Override
        public Integer call() {
            ModelStore s = ModelStore.open(store.store);
            Pointer p;
            try {
                p = s.rollback(model, version);
            } catch (IllegalArgumentException e) {
                throw new CandleSignalCli.UserError(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(model + ": v" + p.version() + " serves (was v" + p.previous().orElse("-") + ")");
            out.flush();
            return 0;
        }
    }

    @Command(name = "prune", description = "Deletes the versions retention does not keep: all but the last N and "
            + "those younger than D days, never the current version or its parent.", mixinStandardHelpOptions = true)
    static final class Prune implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption store;

        @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "The model id (default: all).")
        String model;

        @Option(names = "--keep", defaultValue = "5", paramLabel = "N",
                description = "Keep the last N versions (default ${DEFAULT-VALUE}).")
        int keep;

        @Option(names = "--keep-days", defaultValue = "7", paramLabel = "D",
                description = "Keep versions saved less than D days ago (default ${DEFAULT-VALUE}).")
        int keepDays;

        @Override
        public Integer call() {
            if (keep < 1 || keepDays < 0) {
                throw new CandleSignalCli.UserError("--keep must be >= 1 and --keep-days >= 0, not " + keep + " and "
                        + keepDays);
            }
            ModelStore s = ModelStore.builder(store.store).retention(new Retention(keep, Duration.ofDays(keepDays)))
                    .open();
            List<String> ids = model != null ? List.of(model) : s.modelIds();
            PrintWriter out = spec.commandLine().getOut();
            for (String id : ids) {
                if (s.versions(id).isEmpty()) {
                    throw new CandleSignalCli.UserError("model " + id + " has no versions in " + s.directory());
                }
                List<String> deleted = s.prune(id);
                List<String> kept = new ArrayList<>(s.versions(id).stream().map(StoredVersion::version).toList());
                out.println(id + ": " + (deleted.isEmpty() ? "nothing to delete" : "deleted v" + String.join(", v",
                        deleted)) + "; kept v" + String.join(", v", kept));
            }
            out.flush();
            return 0;
        }
    }

    /** The first of {@code names} the manifest has, with 4 decimals, or "-". */
    private static String metric(ModelManifest m, String... names) {
        for (String name : names) {
            Double v = m.metrics().get(name);
            if (v != null) {
                return String.format(Locale.ROOT, "%.4f", v);
            }
        }
        return "-";
    }
}
