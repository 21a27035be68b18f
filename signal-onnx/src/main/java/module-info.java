/**
 * The ONNX Runtime backend: {@code OnnxModel} ({@code dev.candlesignal.onnx}). Tensor packing and session
 * options live in the unexported {@code dev.candlesignal.onnx.internal}; no ONNX Runtime type appears in the
 * exported API.
 */
// ONNX Runtime's jar is an automatic module whose name is fixed by its manifest's Automatic-Module-Name
@SuppressWarnings("requires-automatic")
module dev.candlesignal.onnx {
    requires transitive dev.candlesignal.api;
    requires com.microsoft.onnxruntime;
    requires org.slf4j;

    exports dev.candlesignal.onnx;

    provides dev.candlesignal.spi.ModelLoader with dev.candlesignal.onnx.internal.OnnxModelLoader;
}
