/**
 * The DJL (PyTorch, TorchScript) backend: {@code DjlModel} ({@code dev.candlesignal.djl}). Engine start-up,
 * native library checks and tensor packing live in the unexported {@code dev.candlesignal.djl.internal}; no DJL
 * type appears in the exported API.
 *
 * <p>On the module path, put DJL's native jars ({@code pytorch-native-*}) on the class path: their file names
 * give no valid automatic module name ({@code native} is a Java keyword).
 */
// DJL's jars are automatic modules whose names are fixed by their manifests' Automatic-Module-Name
@SuppressWarnings("requires-automatic")
module dev.candlesignal.djl {
    requires transitive dev.candlesignal.api;
    requires ai.djl.api;
    requires ai.djl.pytorch_engine;
    requires org.slf4j;

    exports dev.candlesignal.djl;

    provides dev.candlesignal.spi.ModelLoader with dev.candlesignal.djl.internal.DjlModelLoader;
}
