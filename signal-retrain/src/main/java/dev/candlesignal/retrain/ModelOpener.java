package dev.candlesignal.retrain;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Models;
import java.util.Objects;

/**
 * Turns a verified bundle from the store into a {@link Model} the engine can serve: the backend choice of the
 * application. The loop opens challengers with it, and closes those it opened once they no longer serve.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface ModelOpener {

    /** Loads {@code bundle} on a backend. */
    Model open(ModelBundle bundle) throws ModelLoadException;

    /** Loads on the backend {@code models} prefers for the bundle, with {@code options}. */
    static ModelOpener of(Models models, BackendOptions options) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(options, "options");
        return bundle -> models.choose(bundle).load(bundle, options);
    }

    /** Loads on the named backend, with {@code options}. */
    static ModelOpener of(Models models, String backend, BackendOptions options) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        return bundle -> models.choose(bundle, backend).load(bundle, options);
    }
}
