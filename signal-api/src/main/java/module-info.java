/**
 * The candlesignal API: what a user implements or passes around, and nothing that runs. Values and exceptions
 * ({@code dev.candlesignal}), feature sets ({@code dev.candlesignal.feature}), models and the bundle format
 * ({@code dev.candlesignal.model}) and signal policies ({@code dev.candlesignal.policy}).
 *
 * <p>Depends on {@code java.base} only. {@code dev.candlesignal.internal} is not exported: it is this module's
 * own helper code, and no other module may use it.
 */
module dev.candlesignal.api {
    exports dev.candlesignal;
    exports dev.candlesignal.feature;
    exports dev.candlesignal.model;
    exports dev.candlesignal.policy;
    exports dev.candlesignal.io;
    exports dev.candlesignal.spi;
    exports dev.candlesignal.training;

    // Models finds the backends (signal-onnx, signal-djl) with ServiceLoader and says which it chose
    requires org.slf4j;
    uses dev.candlesignal.spi.ModelLoader;
}
