package dev.repurchase.common.predict;

import java.io.Serializable;

/**
 * One fit (a row of {@code prediction_model}): when, over how many customers, the BG/NBD parameters
 * with their log-likelihood, and the Gamma-Gamma spend parameters (null until some customer has a
 * repeat purchase with a positive spend).
 *
 * @param fittedAt the event time of the fit (epoch ms); today is its local date
 */
public record PredictionModel(
        long fittedAt, long customers, BgNbd bgNbd, double logLikelihood, GammaGamma gammaGamma)
        implements Serializable {}
