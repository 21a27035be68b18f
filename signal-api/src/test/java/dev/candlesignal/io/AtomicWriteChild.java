package dev.candlesignal.io;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link AtomicFileKillTest}: replaces {@code args[0]} with {@code args[1]} chunks of
 * {@link #CHUNK} bytes through {@link AtomicOutput}. Paced by its parent: before each chunk and before the
 * commit it reads one line from stdin ({@code go}, or {@code run} to stop waiting), and it reports each step on
 * stdout, so the parent can kill it at a known point.
 */
public final class AtomicWriteChild {
    static final int CHUNK = 1 << 16;

    private AtomicWriteChild() {
    }

    /** Chunk {@code i} of the content: its bytes depend on the chunk and the position. */
    static byte[] chunk(int i) {
        byte[] b = new byte[CHUNK];
        for (int j = 0; j < b.length; j++) {
            b[j] = (byte) ('a' + (i * 7 + j) % 26);
        }
        return b;
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        int chunks = Integer.parseInt(args[1]);
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean paced = true;
        try (AtomicOutput out = AtomicOutput.open(target)) {
            OutputStream s = out.stream();
            for (int i = 0; i < chunks; i++) {
                paced = paced && "go".equals(control.readLine());
                s.write(chunk(i));
                s.flush();
                System.out.println("wrote " + (i + 1));
                System.out.flush();
            }
            paced = paced && "go".equals(control.readLine());
            System.out.println("committing");
            System.out.flush();
            out.commit();
        }
        System.out.println("committed");
        System.out.flush();
    }
}
