package dev.candlesignal.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opt-out is set only when nobody decided, only for the action, and is always restored. */
class TelemetryOptOutTest {

    static final String KEY = TelemetryOptOut.KEY;
    final Function<String, String> noEnv = name -> null;
    String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(KEY);
        System.clearProperty(KEY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(KEY);
        } else {
            System.setProperty(KEY, saved);
        }
    }

    @Test
    void setDuringTheActionAndRemovedAfter() {
        List<String> seen = new ArrayList<>();
        assertThat(TelemetryOptOut.runOptedOut(noEnv, () -> seen.add(System.getProperty(KEY)))).isTrue();
        assertThat(seen).containsExactly("true");
        assertThat(System.getProperty(KEY)).isNull();
    }

    @Test
    void removedAlsoWhenTheActionThrows() {
        assertThatThrownBy(() -> TelemetryOptOut.runOptedOut(noEnv, () -> {
            throw new IllegalStateException("engine failed");
        })).hasMessage("engine failed");
        assertThat(System.getProperty(KEY)).isNull();
    }

    @Test
    void aUsersPropertyIsLeftAloneEvenIfItOptsIn() {
        System.setProperty(KEY, "false");
        List<String> seen = new ArrayList<>();
        assertThat(TelemetryOptOut.runOptedOut(noEnv, () -> seen.add(System.getProperty(KEY)))).isFalse();
        assertThat(seen).containsExactly("false");
        assertThat(System.getProperty(KEY)).isEqualTo("false");
    }

    @Test
    void anEnvironmentVariableDecidesAndThePropertyIsNotTouched() {
        List<String> seen = new ArrayList<>();
        assertThat(TelemetryOptOut.runOptedOut(name -> name.equals(KEY) ? "false" : null,
                () -> seen.add(System.getProperty(KEY)))).isFalse();
        assertThat(seen).containsExactly((String) null);
    }

    @Test
    void overlappingCallersLeaveNothingBehind() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < 200; i++) {
                        TelemetryOptOut.runOptedOut(noEnv, Thread::yield);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(System.getProperty(KEY)).isNull();
    }

    @Test
    void afterTheEngineClassIsInitialisedThePropertyIsGone() {
        TelemetryOptOut.initialiseEngineClass();
        assertThat(System.getProperty(KEY)).isNull();
    }

    /**
     * DJL records the time of its call home in {@code Ec2Utils.lastCheckIn} before it queries anything; 0 means it
     * returned at the opt-out check. Every path into DJL in this test JVM goes through {@link PyTorchRuntime}. With
     * the build's default {@code ai.djl.offline=true} DJL skips the call for that reason too; run with
     * {@code -Ddjl.test.offline=false} to see the opt-out alone at work.
     */
    @Test
    void djlDidNotCallHome() throws Exception {
        PyTorchRuntime.engine();
        java.lang.reflect.Field lastCheckIn = ai.djl.util.Ec2Utils.class.getDeclaredField("lastCheckIn");
        lastCheckIn.setAccessible(true);
        assertThat(lastCheckIn.getLong(null)).as("DJL's telemetry timestamp").isZero();
        assertThat(System.getProperty(KEY)).isNull();
    }
}
