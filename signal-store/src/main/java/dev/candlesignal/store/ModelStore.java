package dev.candlesignal.store;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.store.ModelStoreException.Reason;
import dev.candlesignal.training.RetrainDecision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versions of model bundles on a directory (one per deployment): each version of each model id is an immutable
 * bundle directory, a {@code current} pointer per model id says which version serves, retention removes old versions,
 * and every retraining decision is kept beside the versions.
 *
 * <pre>{@code
 * ModelStore store = ModelStore.openOrCreate(Path.of("store"));
 * StoredVersion v = store.save(Path.of("trained/bundle"));                 // copied in, atomically
 * store.promote(v.modelId(), v.version(), "trained by hand");               // now it serves
 * try (Model model = Models.discover().load(store.openCurrent(v.modelId()).directory())) { ... }
 * }</pre>
 *
 * <h2>Layout</h2>
 * <pre>
 * DIR/candlesignal-store.properties                the format marker (format, formatVersion)
 * DIR/models/ID/versions/VERSION/                  a bundle: manifest.json, weights, stored.properties
 * DIR/models/ID/current                            the pointer: version, previous, changedAt, reason
 * DIR/models/ID/decisions/SEQ-TIME.properties      one file per retraining decision, never rewritten
 * </pre>
 *
 * <h2>Crash safety</h2>
 * Every change is a rename of something complete, so a reader in another process, or the store after a crash, sees
 * the state before or after it, never a part:
 * <ul>
 *   <li><b>save</b> copies the bundle into a staging directory beside {@code versions/}, fsyncs each file and the
 *       directory, checks the copy's hashes, renames it into {@code versions/} and fsyncs that;</li>
 *   <li><b>promote</b> and <b>rollback</b> replace the pointer file atomically (temporary file, fsync, rename, fsync
 *       of the directory; {@link dev.candlesignal.io.AtomicFile});</li>
 *   <li><b>prune</b> renames a version out of {@code versions/} into a trash directory before deleting it;</li>
 *   <li>staging, trash and work directories left by a process that died are removed when the store is next opened
 *       for writing (those of live processes are left alone: they may be in use).</li>
 * </ul>
 * Writers in several processes are serialised by a lock on {@code DIR/.lock} (an empty file); readers take no lock.
 *
 * <h2>Checks</h2>
 * {@link #open} checks a version's weights against its manifest (size and SHA-256) and its manifest against the
 * hash the store recorded when it saved it; a mismatch is a {@link ModelStoreException} with
 * {@link Reason#CORRUPT_VERSION}. A directory that is not a store, or a store of a newer format, is refused at open
 * ({@link Reason#NOT_A_STORE}, {@link Reason#NEWER_FORMAT}).
 *
 * <h2>Retention</h2>
 * {@link #prune} keeps what {@link Retention} says (by default the last 5 versions and those younger than 7 days) and
 * never the current version or its parent. Ages are measured on the injected {@link Clock}.
 *
 * <p>Thread-safe: writers in one JVM are serialised by the instance (and by the file lock across instances and
 * processes). Holds no open files between calls, so there is nothing to close.
 */
public final class ModelStore {
    private static final Logger log = LoggerFactory.getLogger(ModelStore.class);

    /** The marker file that makes a directory a store. */
    public static final String MARKER = "candlesignal-store.properties";
    /** The marker's {@code format} value. */
    public static final String FORMAT = "candlesignal-model-store";
    /** The store format this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    static final String MODELS = "models";
    static final String VERSIONS = "versions";
    static final String CURRENT = "current";
    static final String DECISIONS = "decisions";
    /** The store's own record of a version, written into the bundle directory before it is published. */
    static final String STORED = "stored.properties";
    static final String LOCK = ".lock";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,18}");

    private final Path root;
    private final Clock clock;
    private final Retention retention;
    private final boolean readOnly;
    private final Duration lockTimeout;
    private final Steps steps;
    private final LongPredicate alive;
    private final ReentrantLock localLock = new ReentrantLock();

    private ModelStore(Builder b) {
        this.root = b.directory;
        this.clock = b.clock;
        this.retention = b.retention;
        this.readOnly = b.readOnly;
        this.lockTimeout = b.lockTimeout;
        this.steps = b.steps;
        this.alive = b.alive;
    }

    /** Opens an existing store for reading and writing, with the system clock and default retention. */
    public static ModelStore open(Path directory) {
        return builder(directory).open();
    }

    /** Opens the store in {@code directory}, creating it if the directory is missing or empty. */
    public static ModelStore openOrCreate(Path directory) {
        return builder(directory).create(true).open();
    }

    /** Opens an existing store for reading only: nothing is written, not even a cleanup of leftovers. */
    public static ModelStore openReadOnly(Path directory) {
        return builder(directory).readOnly(true).open();
    }

    /** A builder for a store on {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** The store's directory. */
    public Path directory() {
        return root;
    }

    /** The clock ages and save times are measured on. */
    public Clock clock() {
        return clock;
    }

    /** What {@link #prune} keeps. */
    public Retention retention() {
        return retention;
    }

    /** Whether the store was opened read-only. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The model ids that have at least a directory in the store, sorted. */
    public List<String> modelIds() {
        return io("list the models", () -> {
            Path models = root.resolve(MODELS);
            if (!Files.isDirectory(models)) {
                return List.of();
            }
            return new ArrayList<>(visibleEntries(models));
        });
    }

    /**
     * The versions of {@code modelId}, oldest first (by save time, then version). Reads manifests and the store's
     * records; the weights' hashes are checked by {@link #open}.
     *
     * @throws ModelStoreException {@link Reason#CORRUPT_VERSION} if a version's manifest cannot be read
     */
    public List<StoredVersion> versions(String modelId) {
        checkName("model id", modelId);
        return io("list the versions of " + modelId, () -> {
            Path dir = modelDir(modelId).resolve(VERSIONS);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            List<StoredVersion> out = new ArrayList<>();
            for (String name : visibleEntries(dir)) {
                out.add(read(modelId, name));
            }
            out.sort(ORDER);
            return out;
        });
    }

    private static final Comparator<StoredVersion> ORDER = Comparator.comparing(StoredVersion::savedAt)
            .thenComparing(v -> v.version().length()).thenComparing(StoredVersion::version);

    /** One version, if the store has it (manifest read, hashes not checked). */
    public Optional<StoredVersion> version(String modelId, String version) {
        checkName("model id", modelId);
        checkName("version", version);
        return io("read " + modelId + " v" + version, () -> Files.isDirectory(versionDir(modelId, version))
                ? Optional.of(read(modelId, version)) : Optional.empty());
    }

    /** The pointer of {@code modelId}: which version serves, and since when; empty if none was promoted yet. */
    public Optional<Pointer> pointer(String modelId) {
        checkName("model id", modelId);
        return io("read the current pointer of " + modelId, () -> readPointer(modelId));
    }

    /**
     * The version that serves, if one was promoted.
     *
     * @throws ModelStoreException {@link Reason#CORRUPT_RECORD} if the pointer names a version the store does not
     *     have
     */
    public Optional<StoredVersion> current(String modelId) {
        Optional<Pointer> p = pointer(modelId);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredVersion> v = version(modelId, p.get().version());
        if (v.isEmpty()) {
            throw new ModelStoreException(root, Reason.CORRUPT_RECORD, "the current pointer of " + modelId
                    + " names version " + p.get().version() + ", which is not in the store");
        }
        return v;
    }

    /**
     * Opens a version for serving: reads its manifest, checks every weights file's size and SHA-256 and the
     * manifest's SHA-256 against what the store recorded when it saved it.
     *
     * @throws ModelStoreException {@link Reason#NOT_FOUND} if there is no such version;
     *     {@link Reason#CORRUPT_VERSION} naming the file if a check fails
     */
    public ModelBundle open(String modelId, String version) {
        checkName("model id", modelId);
        checkName("version", version);
        Path dir = versionDir(modelId, version);
        if (!Files.isDirectory(dir)) {
            throw notFound(modelId, version);
        }
        StoredVersion stored = io("read " + modelId + " v" + version, () -> read(modelId, version));
        Map<String, String> record = io("read " + dir.resolve(STORED), () -> StoreFiles.readProperties(
                dir.resolve(STORED)).orElseThrow(() -> corrupt(modelId, version, STORED + " is missing")));
        String expected = record.get("manifestSha256");
        String actual = io("hash " + dir.resolve(ModelBundle.MANIFEST_FILE),
                () -> sha256(dir.resolve(ModelBundle.MANIFEST_FILE)));
        if (!actual.equals(expected)) {
            throw corrupt(modelId, version, ModelBundle.MANIFEST_FILE + " has SHA-256 " + actual
                    + " but the store saved one with " + expected + " (changed after it was saved?)");
        }
        try {
            return new ModelBundle(dir, stored.manifest()).verify();
        } catch (ModelLoadException e) {
            throw new ModelStoreException(root, Reason.CORRUPT_VERSION, modelId + " v" + version + " does not "
                    + "match its manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the version that serves ({@link #open} checks it).
     *
     * @throws ModelStoreException {@link Reason#NOT_FOUND} if none was promoted
     */
    public ModelBundle openCurrent(String modelId) {
        Pointer p = pointer(modelId).orElseThrow(() -> new ModelStoreException(root, Reason.NOT_FOUND,
                "model " + modelId + " has no current version" + knownModels()));
        return open(modelId, p.version());
    }

    /** The retraining decisions recorded for {@code modelId}, in the order they were recorded. */
    public List<RetrainDecision> decisions(String modelId) {
        checkName("model id", modelId);
        return io("read the decisions of " + modelId, () -> {
            Path dir = modelDir(modelId).resolve(DECISIONS);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            List<RetrainDecision> out = new ArrayList<>();
            for (String name : visibleEntries(dir)) {
                if (!name.endsWith(".properties")) {
                    continue;
                }
                Path file = dir.resolve(name);
                Map<String, String> m = StoreFiles.readProperties(file).orElseThrow();
                try {
                    out.add(DecisionCodec.decode(m));
                } catch (RuntimeException e) {
                    throw new ModelStoreException(root, Reason.CORRUPT_RECORD, "decision " + file
                            + " cannot be read: " + e.getMessage(), e);
                }
            }
            return out;
        });
    }

    /**
     * A version name for the next model of {@code modelId}: one more than the largest numeric version the store has
     * saved or recorded in a decision ({@code "1"} for a new model id).
     */
    public String nextVersion(String modelId) {
        long max = 0;
        for (StoredVersion v : versions(modelId)) {
            max = Math.max(max, numeric(v.version()));
        }
        for (RetrainDecision d : decisions(modelId)) {
            max = Math.max(max, numeric(d.championVersion()));
            max = Math.max(max, d.challengerVersion().map(ModelStore::numeric).orElse(0L));
        }
        return Long.toString(max + 1);
    }

    private static long numeric(String version) {
        return NUMERIC.matcher(version).matches() ? Long.parseLong(version) : 0;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Saves the bundle in {@code bundleDir} as a new version (its manifest's model id and version), copying it into
     * the store atomically. The source is verified first (every hash) and left as it was; the copy is verified again
     * before it is published. Does not change what serves: see {@link #promote}.
     *
     * @throws ModelStoreException {@link Reason#INVALID_BUNDLE} if the source is not a complete, valid bundle;
     *     {@link Reason#VERSION_EXISTS} if the store has that version already; {@link Reason#INVALID_NAME} if the
     *     model id or version cannot name a directory
     */
    public StoredVersion save(Path bundleDir) {
        Objects.requireNonNull(bundleDir, "bundleDir");
        checkWritable();
        ModelBundle source;
        try {
            source = ModelBundle.load(bundleDir).verify();
        } catch (ModelLoadException e) {
            throw new ModelStoreException(root, Reason.INVALID_BUNDLE, "cannot save " + bundleDir + ": "
                    + e.getMessage(), e);
        }
        ModelManifest manifest = source.manifest();
        String modelId = manifest.modelId();
        String version = manifest.version();
        checkName("model id", modelId);
        checkName("version", version);
        return locked("save " + modelId + " v" + version, () -> {
            Path modelDir = modelDir(modelId);
            Path versions = modelDir.resolve(VERSIONS);
            Path target = versions.resolve(version);
            if (Files.exists(target)) {
                throw new ModelStoreException(root, Reason.VERSION_EXISTS, modelId + " v" + version
                        + " is in the store already (versions are immutable; save the new model under another version)");
            }
            createDirectories(versions);
            Path staging = modelDir.resolve(StoreFiles.temporaryName(StoreFiles.STAGING));
            Files.createDirectory(staging);
            steps.reached("save:staging");
            Instant savedAt = clock.instant();
            try {
                for (String file : new TreeSet<>(manifest.weights().values().stream().map(w -> w.file()).toList())) {
                    copy(bundleDir.resolve(file), staging.resolve(file));
                    steps.reached("save:copied " + file);
                }
                copy(bundleDir.resolve(ModelBundle.MANIFEST_FILE), staging.resolve(ModelBundle.MANIFEST_FILE));
                steps.reached("save:copied " + ModelBundle.MANIFEST_FILE);
                Map<String, String> record = new LinkedHashMap<>();
                record.put("savedAt", savedAt.toString());
                record.put("manifestSha256", sha256(staging.resolve(ModelBundle.MANIFEST_FILE)));
                StoreFiles.writeProperties(staging.resolve(STORED), record);
                steps.reached("save:recorded");
                StoreFiles.syncDirectory(staging);
                steps.reached("save:synced");
                try {
                    ModelBundle.load(staging).verify();
                } catch (ModelLoadException e) {
                    throw new ModelStoreException(root, Reason.IO_ERROR, "the copy of " + bundleDir
                            + " does not match its manifest after copying: " + e.getMessage(), e);
                }
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                // a failure, not a crash: nothing of the staging directory must stay (a crash leaves it for open)
                deleteQuietly(staging);
                throw e;
            }
            steps.reached("save:renamed");
            StoreFiles.syncDirectory(versions);
            steps.reached("save:published");
            log.info("{}: saved {} v{} (parent {}, trained on {} {} to {})", root, modelId, version,
                    manifest.parentVersion().orElse("none"), manifest.training().symbols(),
                    manifest.training().from(), manifest.training().to());
            return new StoredVersion(manifest, target, savedAt);
        });
    }

    /**
     * Makes {@code version} the one that serves: checks it ({@link #open}), then replaces the pointer atomically.
     * Promoting the version that serves already changes nothing.
     *
     * @param reason why, on one line; kept in the pointer
     * @return the new pointer
     * @throws ModelStoreException {@link Reason#NOT_FOUND} if there is no such version, or as {@link #open} if it
     *     does not verify
     */
    public Pointer promote(String modelId, String version, String reason) {
        Objects.requireNonNull(reason, "reason");
        checkName("model id", modelId);
        checkName("version", version);
        checkWritable();
        return locked("promote " + modelId + " v" + version, () -> {
            open(modelId, version);
            Optional<Pointer> old = readPointer(modelId);
            if (old.isPresent() && old.get().version().equals(version)) {
                return old.get();
            }
            Pointer p = new Pointer(version, old.map(Pointer::version), clock.instant(), oneLine(reason));
            steps.reached("promote:checked");
            Map<String, String> m = new LinkedHashMap<>();
            m.put("version", p.version());
            p.previous().ifPresent(v -> m.put("previous", v));
            m.put("changedAt", p.changedAt().toString());
            m.put("reason", p.reason());
            StoreFiles.writeProperties(modelDir(modelId).resolve(CURRENT), m);
            steps.reached("promote:pointed");
            log.info("{}: {} now serves v{} (was {}): {}", root, modelId, version,
                    old.map(o -> "v" + o.version()).orElse("none"), p.reason());
            return p;
        });
    }

    /**
     * Serves a kept older (or newer) version again. The same as {@link #promote}, but the model must have a current
     * version and {@code version} must differ from it.
     *
     * @throws ModelStoreException {@link Reason#NOT_FOUND} if the model has no current version or the store no such
     *     version (the message lists the kept ones)
     */
    public Pointer rollback(String modelId, String version) {
        Pointer current = pointer(modelId).orElseThrow(() -> new ModelStoreException(root, Reason.NOT_FOUND,
                "model " + modelId + " has no current version to roll back from" + knownModels()));
        if (current.version().equals(version)) {
            throw new IllegalArgumentException(modelId + " v" + version + " serves already; nothing to roll back");
        }
        if (version(modelId, version).isEmpty()) {
            throw notFound(modelId, version);
        }
        return promote(modelId, version, "rollback from v" + current.version() + " to v" + version);
    }

    /**
     * Deletes the versions of {@code modelId} that {@link #retention()} does not keep, never the current one or its
     * parent.
     *
     * @return the versions deleted, oldest first
     */
    public List<String> prune(String modelId) {
        checkName("model id", modelId);
        checkWritable();
        return locked("prune " + modelId, () -> {
            List<StoredVersion> all = versions(modelId);
            Set<String> keep = keptVersions(modelId, all);
            List<String> deleted = new ArrayList<>();
            Path versions = modelDir(modelId).resolve(VERSIONS);
            for (StoredVersion v : all) {
                if (keep.contains(v.version())) {
                    continue;
                }
                Path trash = modelDir(modelId).resolve(StoreFiles.temporaryName(StoreFiles.TRASH));
                steps.reached("prune:trashing " + v.version());
                Files.move(v.directory(), trash, StandardCopyOption.ATOMIC_MOVE);
                StoreFiles.syncDirectory(versions);
                steps.reached("prune:trashed " + v.version());
                StoreFiles.deleteTree(trash);
                steps.reached("prune:deleted " + v.version());
                deleted.add(v.version());
            }
            if (!deleted.isEmpty()) {
                log.info("{}: pruned {} versions {} (kept {})", root, modelId, deleted, keep);
            }
            return deleted;
        });
    }

    /** Which of {@code all} retention keeps: the last N, the young, the current one and its parent. */
    private Set<String> keptVersions(String modelId, List<StoredVersion> all) throws IOException {
        Set<String> keep = new LinkedHashSet<>();
        for (int i = Math.max(0, all.size() - retention.keepLast()); i < all.size(); i++) {
            keep.add(all.get(i).version());
        }
        Instant now = clock.instant();
        for (StoredVersion v : all) {
            if (Duration.between(v.savedAt(), now).compareTo(retention.keepYoungerThan()) < 0) {
                keep.add(v.version());
            }
        }
        Optional<Pointer> p = readPointer(modelId);
        if (p.isPresent()) {
            keep.add(p.get().version());
            for (StoredVersion v : all) {
                if (v.version().equals(p.get().version())) {
                    v.parentVersion().ifPresent(keep::add);
                }
            }
        }
        return keep;
    }

    /**
     * Records a retraining decision beside the model's versions, in a file of its own that is never rewritten.
     */
    public void record(RetrainDecision decision) {
        Objects.requireNonNull(decision, "decision");
        checkName("model id", decision.modelId());
        checkWritable();
        locked("record a decision of " + decision.modelId(), () -> {
            Path dir = modelDir(decision.modelId()).resolve(DECISIONS);
            createDirectories(dir);
            int n = visibleEntries(dir).size() + 1;
            // the sequence number first: files list in the order they were recorded
            String name = String.format("%06d-%013d.properties", n, Math.max(0, decision.time().toEpochMilli()));
            StoreFiles.writeProperties(dir.resolve(name), DecisionCodec.encode(decision));
            return null;
        });
    }

    /**
     * A new, empty directory inside the store for work in progress (a trainer's output before {@link #save}): on
     * the store's file system, removed by {@link Scratch#close()} or, if the process dies, when the store is next
     * opened for writing.
     */
    public Scratch scratch() {
        checkWritable();
        Path dir = root.resolve(StoreFiles.temporaryName(StoreFiles.WORK));
        io("create a work directory", () -> Files.createDirectory(dir));
        return new Scratch(dir);
    }

    /** A work directory of the store; closing it deletes it. Not thread-safe. */
    public final class Scratch implements AutoCloseable {
        private final Path path;

        private Scratch(Path path) {
            this.path = path;
        }

        /** The directory. */
        public Path path() {
            return path;
        }

        /** Deletes the directory and everything in it. Idempotent; a failure is logged, not thrown. */
        @Override
        public void close() {
            deleteQuietly(path);
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    private Path modelDir(String modelId) {
        return root.resolve(MODELS).resolve(modelId);
    }

    private Path versionDir(String modelId, String version) {
        return modelDir(modelId).resolve(VERSIONS).resolve(version);
    }

    private StoredVersion read(String modelId, String version) throws IOException {
        Path dir = versionDir(modelId, version);
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(dir);
        } catch (ModelLoadException e) {
            throw new ModelStoreException(root, Reason.CORRUPT_VERSION, modelId + " v" + version + ": "
                    + e.getMessage(), e);
        }
        ModelManifest m = bundle.manifest();
        if (!m.modelId().equals(modelId) || !m.version().equals(version)) {
            throw corrupt(modelId, version, "its manifest describes " + m.modelId() + " v" + m.version());
        }
        Map<String, String> record = StoreFiles.readProperties(dir.resolve(STORED))
                .orElseThrow(() -> corrupt(modelId, version, STORED + " is missing"));
        Instant savedAt;
        try {
            savedAt = Instant.parse(Objects.requireNonNullElse(record.get("savedAt"), "(missing)"));
        } catch (DateTimeParseException e) {
            throw corrupt(modelId, version, STORED + " has no valid savedAt: " + record.get("savedAt"));
        }
        return new StoredVersion(m, dir, savedAt);
    }

    private Optional<Pointer> readPointer(String modelId) throws IOException {
        Path file = modelDir(modelId).resolve(CURRENT);
        Optional<Map<String, String>> m = StoreFiles.readProperties(file);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<String, String> p = m.get();
            return Optional.of(new Pointer(Objects.requireNonNull(p.get("version"), "version"),
                    Optional.ofNullable(p.get("previous")),
                    Instant.parse(Objects.requireNonNull(p.get("changedAt"), "changedAt")),
                    Objects.requireNonNullElse(p.get("reason"), "")));
        } catch (RuntimeException e) {
            throw new ModelStoreException(root, Reason.CORRUPT_RECORD, "the current pointer " + file
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> visibleEntries(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    out.add(name);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Copies one file and flushes it to the device. */
    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to);
        StoreFiles.syncFile(to);
    }

    /** Creates a directory and its parents, syncing each parent it created into. */
    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        }
        StoreFiles.syncDirectory(dir.getParent());
    }

    private void deleteQuietly(Path dir) {
        try {
            StoreFiles.deleteTree(dir);
        } catch (IOException e) {
            log.warn("{}: cannot delete {} (it is removed when the store is next opened): {}", root, dir, e.toString());
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new ModelStoreException(root, Reason.INVALID_NAME, what + " '" + name + "' cannot name a "
                    + "directory: use 1 to 128 letters, digits and . _ + -, starting with a letter or digit");
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new ModelStoreException(root, Reason.READ_ONLY, "opened read-only");
        }
    }

    private ModelStoreException notFound(String modelId, String version) {
        List<String> kept = versions(modelId).stream().map(StoredVersion::version).toList();
        return new ModelStoreException(root, Reason.NOT_FOUND, kept.isEmpty()
                ? "model " + modelId + " has no versions" + knownModels()
                : "model " + modelId + " has no version " + version + " (kept: " + String.join(", ", kept) + ")");
    }

    private String knownModels() {
        List<String> ids = modelIds();
        return ids.isEmpty() ? " (the store holds no models)" : " (the store holds " + String.join(", ", ids) + ")";
    }

    private ModelStoreException corrupt(String modelId, String version, String problem) {
        return new ModelStoreException(root, Reason.CORRUPT_VERSION, modelId + " v" + version + ": " + problem);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Work that may fail with an {@link IOException}. */
    private interface IoWork<T> {
        T run() throws IOException;
    }

    private <T> T io(String what, IoWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new ModelStoreException(root, Reason.IO_ERROR, "cannot " + what + ": " + e, e);
        }
    }

    /** Runs a change under the instance's lock and the store's file lock (other processes). */
    private <T> T locked(String what, IoWork<T> work) {
        localLock.lock();
        try (FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = acquire(channel, what)) {
            return work.run();
        } catch (IOException e) {
            throw new ModelStoreException(root, Reason.IO_ERROR, "cannot " + what + ": " + e, e);
        } finally {
            localLock.unlock();
        }
    }

    private FileLock acquire(FileChannel channel, String what) throws IOException {
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // another ModelStore instance of this JVM holds it: wait like for another process
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ModelStoreException(root, Reason.LOCKED, "cannot " + what + ": another writer held "
                        + root.resolve(LOCK) + " for more than " + lockTimeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the store's lock");
            }
        }
    }

    /** Checks the marker (creating the store if asked) and cleans up after dead processes. */
    private ModelStore start(boolean create) {
        io("open the store", () -> {
            if (!Files.exists(root)) {
                if (!create || readOnly) {
                    throw new ModelStoreException(root, Reason.NOT_A_STORE, "does not exist");
                }
                Files.createDirectories(root);
            }
            if (!Files.isDirectory(root)) {
                throw new ModelStoreException(root, Reason.NOT_A_STORE, "is not a directory");
            }
            Path marker = root.resolve(MARKER);
            Optional<Map<String, String>> m = StoreFiles.readProperties(marker);
            if (m.isEmpty()) {
                List<String> entries = new ArrayList<>();
                try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
                    s.forEach(p -> entries.add(p.getFileName().toString()));
                }
                if (entries.isEmpty() && create && !readOnly) {
                    StoreFiles.writeProperties(marker, Map.of("format", FORMAT,
                            "formatVersion", Integer.toString(FORMAT_VERSION)));
                    log.info("{}: created a model store", root);
                    return null;
                }
                entries.sort(null);
                throw new ModelStoreException(root, Reason.NOT_A_STORE, "not a model store: it has no " + MARKER
                        + (entries.isEmpty() ? " (it is empty)" : " (it holds " + String.join(", ",
                                entries.subList(0, Math.min(5, entries.size()))) + (entries.size() > 5 ? ", ..." : "")
                                + ")"));
            }
            String format = m.get().get("format");
            if (!FORMAT.equals(format)) {
                throw new ModelStoreException(root, Reason.NOT_A_STORE, "not a model store: " + MARKER
                        + " says format '" + format + "', expected '" + FORMAT + "'");
            }
            int version;
            try {
                version = Integer.parseInt(Objects.requireNonNullElse(m.get().get("formatVersion"), "?"));
            } catch (NumberFormatException e) {
                throw new ModelStoreException(root, Reason.CORRUPT_RECORD, MARKER + " has no valid formatVersion: "
                        + m.get().get("formatVersion"));
            }
            if (version > FORMAT_VERSION) {
                throw new ModelStoreException(root, Reason.NEWER_FORMAT, "store format version " + version
                        + " was written by a newer candlesignal; this one reads versions up to " + FORMAT_VERSION);
            }
            return null;
        });
        if (!readOnly) {
            locked("clean up after interrupted saves", () -> {
                int removed = StoreFiles.removeLeftovers(root, alive);
                for (String id : modelIds()) {
                    removed += StoreFiles.removeLeftovers(modelDir(id), alive);
                    removed += StoreFiles.removeLeftovers(modelDir(id).resolve(DECISIONS), alive);
                }
                if (removed > 0) {
                    log.info("{}: removed {} leftovers of interrupted saves or prunes", root, removed);
                }
                return null;
            });
        }
        return this;
    }

    /**
     * Opens a {@link ModelStore}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final Path directory;
        private Clock clock = Clock.systemUTC();
        private Retention retention = Retention.defaults();
        private boolean create;
        private boolean readOnly;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private Steps steps = Steps.NONE;
        private LongPredicate alive = StoreFiles::alive;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        }

        /** The clock save times and ages are measured on; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What {@link ModelStore#prune} keeps; default {@link Retention#defaults()}. */
        public Builder retention(Retention retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** Whether to create the store when the directory is missing or empty; default false. */
        public Builder create(boolean create) {
            this.create = create;
            return this;
        }

        /** Whether to open for reading only; default false. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** How long a change waits for another writer's lock before failing; default 30 s. */
        public Builder lockTimeout(Duration lockTimeout) {
            Objects.requireNonNull(lockTimeout, "lockTimeout");
            if (lockTimeout.isNegative()) {
                throw new IllegalArgumentException("lockTimeout must be >= 0 but was " + lockTimeout);
            }
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** Crash points, for the store's crash tests. */
        Builder steps(Steps steps) {
            this.steps = Objects.requireNonNull(steps, "steps");
            return this;
        }

        /** Which processes count as alive when leftovers are cleaned up, for the store's crash tests. */
        Builder processAlive(LongPredicate alive) {
            this.alive = Objects.requireNonNull(alive, "alive");
            return this;
        }

        /**
         * Opens the store: checks the marker (or creates the store), and unless read-only removes what interrupted
         * saves and prunes of dead processes left behind.
         *
         * @throws ModelStoreException {@link Reason#NOT_A_STORE} if the directory is missing (and not to be created),
         *     not a directory, or holds something other than a store; {@link Reason#NEWER_FORMAT} if a newer
         *     candlesignal wrote it
         */
        public ModelStore open() {
            return new ModelStore(this).start(create);
        }
    }
}
