package dev.candlesignal.model;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.internal.OnnxInputShape;
import dev.candlesignal.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A model bundle on disk: a directory holding {@code manifest.json} and the weights files it lists.
 *
 * <h2>Verification, in one place</h2>
 * Every check of a bundle's files is in this class, and every backend goes through it:
 * <ul>
 *   <li>{@link #load(Path)} parses and validates the manifest and checks that each listed weights file exists
 *       with the stated size, so a missing or truncated copy fails before a backend starts;</li>
 *   <li>{@link #readWeights(String)} reads the one file a backend needs into memory and checks the size and
 *       SHA-256 of those bytes. The backend builds its model from the returned {@link VerifiedWeights}, never
 *       from the file again, so each weights file is read and hashed once per load, a file the chosen backend does
 *       not use is not read at all, and a file changed after {@code load} is caught instead of run;</li>
 *   <li>{@link #verify()} checks every listed file's SHA-256, for tools that check a whole bundle, and
 *       {@link #write} does the same before it publishes a manifest;</li>
 *   <li>{@link #checkDeclaredInputShape()} compares the manifest's {@code sequenceLength} and feature count with
 *       the input shape the bundle's {@code model.onnx} declares, for backends that cannot see the shape in their
 *       own weights (a TorchScript LSTM runs on any sequence length).</li>
 * </ul>
 * Nothing here deserialises Java objects or pickles.
 *
 * <p>Immutable. Backends ({@code OnnxModel}, {@code DjlModel}, or any that {@link Models} finds) take their
 * weights from {@link #readWeights(String)}.
 *
 * @param directory the bundle directory
 * @param manifest the bundle's manifest
 */
public record ModelBundle(Path directory, ModelManifest manifest) {

    /** Name of the manifest file inside a bundle directory. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** Name of the input of a bundle's ONNX graph: float32 {@code [batch, sequenceLength, featureCount]}. */
    public static final String ONNX_INPUT = "features";

    /** Axes of the ONNX input: {@code [batch, sequenceLength, featureCount]}. */
    private static final int SEQUENCE_AXIS = 1;
    private static final int FEATURE_AXIS = 2;

    public ModelBundle {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(manifest, "manifest");
    }

    /**
     * Reads the bundle in {@code directory}: parses and validates the manifest and checks that every weights file
     * it lists exists with the stated size. SHA-256 hashes are checked when the weights are read
     * ({@link #readWeights(String)}) or by {@link #verify()}.
     *
     * @throws ModelLoadException if the manifest is missing or malformed, or a weights file is missing or has
     *     another size than the manifest says
     */
    public static ModelBundle load(Path directory) throws ModelLoadException {
        Objects.requireNonNull(directory, "directory");
        Path manifestPath = directory.resolve(MANIFEST_FILE);
        String json;
        try {
            json = Files.readString(manifestPath, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "no model bundle at " + directory + ": " + manifestPath
                    + " does not exist", e);
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "cannot read " + manifestPath + ": " + e, e);
        }
        ModelManifest manifest = ModelManifest.fromJson(json, manifestPath.toString());
        for (Map.Entry<String, WeightsFile> e : new TreeMap<>(manifest.weights()).entrySet()) {
            checkSize(directory, e.getKey(), e.getValue(), sizeOf(directory, e.getKey(), e.getValue()));
        }
        return new ModelBundle(directory, manifest);
    }

    /**
     * Reads the weights file for {@code format} into memory and checks the bytes read against the manifest: their
     * number and their SHA-256. This is the one verification every backend calls; it reads and hashes the file
     * once, and the backend uses the returned bytes.
     *
     * @throws ModelLoadException {@link Reason#NO_WEIGHTS_FOR_BACKEND} if the bundle has no weights in that format;
     *     {@link Reason#MISSING_FILE} if the file is gone or unreadable; {@link Reason#TRUNCATED} or
     *     {@link Reason#HASH_MISMATCH} if the bytes are not the ones the manifest describes
     */
    public VerifiedWeights readWeights(String format) throws ModelLoadException {
        Objects.requireNonNull(format, "format");
        WeightsFile w = manifest.weights().get(format);
        if (w == null) {
            throw noWeights(format);
        }
        return new VerifiedWeights(format, directory.resolve(w.file()), w, read(directory, format, w));
    }

    /**
     * Checks every weights file the manifest lists (size and SHA-256), one file in memory at a time.
     *
     * @return this bundle
     * @throws ModelLoadException naming the first file, in format order, that does not match
     */
    public ModelBundle verify() throws ModelLoadException {
        for (Map.Entry<String, WeightsFile> e : new TreeMap<>(manifest.weights()).entrySet()) {
            verify(directory, e.getKey(), e.getValue());
        }
        return this;
    }

    /**
     * The shape the bundle's ONNX graph declares for its input {@value #ONNX_INPUT}, read from the graph's
     * protobuf without running it (and without ONNX Runtime). The file is read and verified by
     * {@link #readWeights(String) readWeights(ModelManifest.ONNX)}, once, and only the declaration is decoded.
     *
     * @return empty if the bundle has no ONNX weights, or if its graph declares no shape for the input
     * @throws ModelLoadException as {@link #readWeights(String)} does for a missing or damaged file;
     *     {@link Reason#BACKEND_ERROR} if the verified bytes are not a readable ONNX model (naming the byte offset);
     *     {@link Reason#SHAPE_MISMATCH} if the graph has no tensor input {@value #ONNX_INPUT}
     */
    public Optional<DeclaredInputShape> declaredOnnxInputShape() throws ModelLoadException {
        if (!manifest.weights().containsKey(ModelManifest.ONNX)) {
            return Optional.empty();
        }
        VerifiedWeights onnx = readWeights(ModelManifest.ONNX);
        String file = onnx.file().file();
        List<OnnxInputShape.Input> inputs;
        try {
            inputs = OnnxInputShape.graphInputs(onnx.heldBytes()); // read only, never kept
        } catch (OnnxInputShape.FormatException e) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, "bundle " + directory + ": " + file
                    + " is not a readable ONNX model: " + e.getMessage(), e);
        }
        OnnxInputShape.Input input = null;
        for (OnnxInputShape.Input in : inputs) {
            if (in.name().equals(ONNX_INPUT)) {
                input = in;
            }
        }
        if (input == null || !input.tensor()) {
            List<String> names = new ArrayList<>();
            inputs.forEach(in -> names.add("'" + in.name() + "'"));
            throw new ModelLoadException(Reason.SHAPE_MISMATCH, "bundle " + directory + ": " + file
                    + (input == null ? " has no graph input '" + ONNX_INPUT + "' (its inputs are " + names + ")"
                            : "'s graph input '" + ONNX_INPUT + "' is not a tensor")
                    + "; a bundle's ONNX graph takes float32 '" + ONNX_INPUT
                    + "' [batch, sequenceLength, featureCount]");
        }
        if (!input.shapeDeclared()) {
            return Optional.empty();
        }
        return Optional.of(new DeclaredInputShape(file, ONNX_INPUT, input.dims()));
    }

    /**
     * Checks the manifest's {@code sequenceLength} and feature count against the input shape the bundle's ONNX
     * graph declares ({@link #declaredOnnxInputShape()}): a dimension the graph fixes must equal the manifest's.
     *
     * <p>This is how a backend whose own weights cannot tell catches a manifest that describes other windows than
     * the model was built for. A TorchScript LSTM (traced with {@code torch.jit.trace}) runs on any sequence
     * length, so neither its parameters nor a probe call reveal a wrong {@code sequenceLength}: it would silently
     * run on windows of the wrong length. Where a bundle has no {@code model.onnx}, or its graph leaves the
     * sequence axis open, the sequence length cannot be checked, and this returns what it could check.
     *
     * @return the declared shape that was checked; empty if the bundle has no ONNX weights or they declare no shape
     * @throws ModelLoadException {@link Reason#SHAPE_MISMATCH} naming both numbers and both files if the graph
     *     fixes another sequence length or feature count than the manifest's, or declares another rank than
     *     {@code [batch, sequenceLength, featureCount]}; otherwise as {@link #declaredOnnxInputShape()}
     */
    public Optional<DeclaredInputShape> checkDeclaredInputShape() throws ModelLoadException {
        Optional<DeclaredInputShape> declared = declaredOnnxInputShape();
        if (declared.isEmpty()) {
            return declared;
        }
        DeclaredInputShape shape = declared.get();
        ModelSpec spec = manifest.spec();
        String where = "bundle " + directory + ": ";
        String onnx = shape.file() + " declares its input '" + shape.input() + "' as " + shape.describe();
        if (shape.rank() != 3) {
            throw new ModelLoadException(Reason.SHAPE_MISMATCH, where + onnx + " but " + MANIFEST_FILE
                    + " describes windows of " + spec.shapeDescription() + ", which need [batch, "
                    + spec.sequenceLength() + ", " + spec.featureCount() + "]");
        }
        OptionalLong sequence = shape.fixed(SEQUENCE_AXIS);
        if (sequence.isPresent() && sequence.getAsLong() != spec.sequenceLength()) {
            throw new ModelLoadException(Reason.SHAPE_MISMATCH, where + MANIFEST_FILE + " says sequenceLength "
                    + spec.sequenceLength() + " but " + onnx + ": the model was built for windows of "
                    + sequence.getAsLong() + " candles, not " + spec.sequenceLength()
                    + " (fix the manifest's sequenceLength, or the weights)");
        }
        OptionalLong features = shape.fixed(FEATURE_AXIS);
        if (features.isPresent() && features.getAsLong() != spec.featureCount()) {
            throw new ModelLoadException(Reason.SHAPE_MISMATCH, where + MANIFEST_FILE + " lists "
                    + spec.featureCount() + " feature columns (" + spec.featureSetId() + ") but " + onnx
                    + ": the model reads " + features.getAsLong() + " features per candle, not "
                    + spec.featureCount());
        }
        return declared;
    }

    /** Reads one weights file and checks its bytes: the single place a weights file's content is verified. */
    private static byte[] read(Path directory, String format, WeightsFile w) throws ModelLoadException {
        Path file = directory.resolve(w.file());
        sizeOf(directory, format, w); // a directory or a missing file is named as such before reading
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw missing(directory, format, w, e);
        } catch (IOException | OutOfMemoryError e) { // OutOfMemoryError: over 2 GiB does not fit one array
            throw new ModelLoadException(Reason.MISSING_FILE, "bundle " + directory + ": cannot read " + file + ": " + e,
                    e);
        }
        checkSize(directory, format, w, bytes.length);
        String actual = sha256(bytes);
        if (!actual.equals(w.sha256())) {
            throw new ModelLoadException(Reason.HASH_MISMATCH, "bundle " + directory + ": " + format + " weights file "
                    + w.file() + " has SHA-256 " + actual + " but the manifest expects " + w.sha256());
        }
        return bytes;
    }

    private static void verify(Path directory, String format, WeightsFile w) throws ModelLoadException {
        read(directory, format, w);
    }

    private static long sizeOf(Path directory, String format, WeightsFile w) throws ModelLoadException {
        Path file = directory.resolve(w.file());
        if (Files.isDirectory(file)) {
            // Files.size of a directory is its block size: "truncated copy?" would blame the wrong thing
            throw new ModelLoadException(Reason.MISSING_FILE, "bundle " + directory + ": " + format + " weights file "
                    + w.file() + " is a directory, not a file");
        }
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw missing(directory, format, w, e);
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "bundle " + directory + ": cannot read " + file + ": " + e, e);
        }
    }

    private static void checkSize(Path directory, String format, WeightsFile w, long size) throws ModelLoadException {
        if (size != w.bytes()) {
            throw new ModelLoadException(Reason.TRUNCATED, "bundle " + directory + ": " + format + " weights file "
                    + w.file() + " has " + size + " bytes but the manifest says " + w.bytes()
                    + (size < w.bytes() ? " (truncated copy?)" : ""));
        }
    }

    private static ModelLoadException missing(Path directory, String format, WeightsFile w, Exception cause) {
        return new ModelLoadException(Reason.MISSING_FILE, "bundle " + directory + ": " + format + " weights file "
                + w.file() + " listed in the manifest does not exist", cause);
    }

    private ModelLoadException noWeights(String format) {
        return new ModelLoadException(Reason.NO_WEIGHTS_FOR_BACKEND, "bundle " + directory + " has no " + format
                + " weights (it has " + new TreeMap<>(manifest.weights()).keySet() + ")");
    }

    /**
     * Where the weights file for a format ({@link ModelManifest#ONNX}, {@link ModelManifest#TORCHSCRIPT}) lies. Only
     * its size has been checked; read it with {@link #readWeights(String)}, which verifies its content.
     *
     * @throws ModelLoadException with {@link Reason#NO_WEIGHTS_FOR_BACKEND} if the bundle has none
     */
    public Path weightsPath(String format) throws ModelLoadException {
        WeightsFile w = manifest.weights().get(format);
        if (w == null) {
            throw noWeights(format);
        }
        return directory.resolve(w.file());
    }

    /** The model's input specification. */
    public ModelSpec spec() {
        return manifest.spec();
    }

    /**
     * Describes a file already in {@code directory} for a manifest: its name, SHA-256 and size.
     *
     * @throws ModelLoadException if the file cannot be read
     */
    public static WeightsFile describe(Path directory, String fileName) throws ModelLoadException {
        Path file = directory.resolve(fileName);
        try {
            return new WeightsFile(fileName, sha256(file), Files.size(file));
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Writes {@code manifest} as {@code directory/manifest.json} atomically ({@link AtomicFile}: a temporary
     * file renamed over the target), after checking that every weights file it lists is there with the stated size and hash. A reader
     * never sees a half-written manifest.
     *
     * @return the loaded bundle
     * @throws ModelLoadException if a listed file does not match
     * @throws IOException if the manifest cannot be written
     */
    public static ModelBundle write(Path directory, ModelManifest manifest) throws ModelLoadException, IOException {
        for (Map.Entry<String, WeightsFile> e : manifest.weights().entrySet()) {
            verify(directory, e.getKey(), e.getValue());
        }
        Files.createDirectories(directory);
        AtomicFile.writeString(directory.resolve(MANIFEST_FILE), manifest.toJson());
        return new ModelBundle(directory, manifest);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String sha256(Path file) throws ModelLoadException {
        MessageDigest digest = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "cannot read " + file + ": " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
