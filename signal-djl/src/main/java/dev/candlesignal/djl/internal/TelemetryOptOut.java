package dev.candlesignal.djl.internal;

import java.util.Properties;
import java.util.function.Function;

/**
 * Runs DJL's engine class initialisation with DJL's usage telemetry opted out, unless the user already decided.
 *
 * <p>Why: {@code ai.djl.engine.Engine}'s static initialiser calls {@code Ec2Utils.callHome}, which queries the EC2
 * metadata service (169.254.169.254, 1 s timeouts) and reports the instance id, region and DJL version to an S3
 * bucket. In DJL 0.35.1 it skips that when {@code Utils.isOfflineMode()} (environment {@code DJL_OFFLINE} or
 * property {@code ai.djl.offline}, or the legacy property {@code offline}) or when {@code OPT_OUT_TRACKING}
 * (environment variable, else system property) parses as true. That is the only place DJL reads
 * {@code OPT_OUT_TRACKING}, and it runs once per class loader.
 *
 * <p>What: if neither the environment variable nor the system property {@code OPT_OUT_TRACKING} is set, the property
 * is set to {@code true} for the duration of {@code Class.forName("ai.djl.engine.Engine", true, ...)} and removed
 * afterwards. A user who set either (to anything, including {@code false} to opt in) is left alone, and so is a
 * process in which the class was initialised before (the call then only observes the finished initialisation).
 *
 * <p>Thread-safety of the set-and-restore (it touches process-global state, so this matters):
 * <ul>
 *   <li>The property is set with {@link Properties#putIfAbsent} and removed with {@link Properties#remove(Object,
 *   Object)}; both are atomic (since JDK 9 {@code Properties} is backed by a {@code ConcurrentHashMap}). So a
 *   value another thread set first is never overwritten, and only our exact value is ever removed, by the caller
 *   that inserted it.
 *   <li>{@code Engine.<clinit>} runs exactly once, under the JVM's class-initialisation lock, and the caller that
 *   inserted the value removes it only after its own {@code forName} returned, that is, after initialisation
 *   completed (it waits if another thread is initialising). So whenever initialisation starts while any of our
 *   callers is inside its window, the value is present; overlapping callers cannot remove it from under each
 *   other's initialisation. A thread that initialised the class before any of our calls made its own decision;
 *   our {@code forName} then only observes the finished class.
 *   <li>The value can only ever turn telemetry <em>off</em>: a user thread that happens to initialise DJL inside our
 *   window is opted out too, never opted in.
 *   <li>Remaining race: a thread that sets {@code OPT_OUT_TRACKING=true} itself inside our window finds it present,
 *   and it is gone when the window closes. DJL has stopped reading it by then (the class is initialised), so only
 *   a third-party reader of the same property could notice.
 * </ul>
 *
 * <p>Stateless.
 */
public final class TelemetryOptOut {

    /** The setting DJL reads. */
    public static final String KEY = "OPT_OUT_TRACKING";

    private static final String ENGINE_CLASS = "ai.djl.engine.Engine";

    private TelemetryOptOut() {
    }

    /** Initialises DJL's {@code Engine} class (a no-op if already done) with telemetry opted out as described. */
    public static void initialiseEngineClass() {
        runOptedOut(System::getenv, () -> {
            try {
                Class.forName(ENGINE_CLASS, true, TelemetryOptOut.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("DJL's " + ENGINE_CLASS + " is not on the classpath (add ai.djl:api)",
                        e);
            }
        });
    }

    /**
     * Runs {@code action} with the system property {@link #KEY} set to {@code true} unless the environment variable
     * or the property is already set; restores the previous state afterwards, also when {@code action} throws.
     *
     * @param getenv the environment lookup (injected for tests)
     * @return whether this call set the property
     */
    static boolean runOptedOut(Function<String, String> getenv, Runnable action) {
        if (getenv.apply(KEY) != null) {
            action.run(); // the environment decides, and DJL reads it before the property
            return false;
        }
        Properties props = System.getProperties();
        boolean ours = props.putIfAbsent(KEY, "true") == null;
        try {
            action.run();
        } finally {
            if (ours) {
                props.remove(KEY, "true");
            }
        }
        return ours;
    }
}
