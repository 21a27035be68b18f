/**
 * The trainer contract: what turns candles into a model bundle, for code that must train without depending on a
 * training backend (the retraining loop, the walk-forward backtest). The implementation lives in
 * {@code signal-train} ({@code dev.candlesignal.train.LstmTrainer}, on DJL's PyTorch engine); a caller is given a
 * configured {@link dev.candlesignal.training.Trainer} and calls {@link dev.candlesignal.training.Trainer#train}.
 *
 * <p>{@link dev.candlesignal.training.RetrainDecision} and {@link dev.candlesignal.training.HeldOutScores} describe
 * what a retraining loop decided about a trained challenger; the model store and the signal journal both keep them.
 */
package dev.candlesignal.training;
