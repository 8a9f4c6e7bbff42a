package dev.repurchase.common.predict;

/**
 * One customer's prediction for {@code customer_profile}.
 *
 * @param pAlive the probability that the customer still buys
 * @param expectedPurchases the purchase days expected within the horizon; null where its series
 *     does not converge (a fit with alpha near 0 puts z of 2F1 next to 1)
 * @param predictedValue expected purchases times the Gamma-Gamma expected value of one, in currency
 *     units; null while the spend model is unknown
 */
public record Prediction(double pAlive, Double expectedPurchases, Double predictedValue) {

    /** The prediction of {@code customer} as of the epoch day {@code today} under {@code model}. */
    public static Prediction of(
            RepeatBuying customer, PredictionModel model, long today, int horizonDays) {
        int x = customer.x();
        double tx = customer.recencyWeeks();
        double t = customer.ageWeeks(today);
        BgNbd bgNbd = model.bgNbd();
        double pAlive = bgNbd.pAlive(x, tx, t);
        double expected;
        try {
            expected = bgNbd.expectedPurchases(horizonDays / 7.0, x, tx, t);
        } catch (ArithmeticException notConverging) {
            return new Prediction(pAlive, null, null);
        }
        Double orderValue =
                model.gammaGamma() == null
                        ? null
                        : model.gammaGamma().expectedValue(x, customer.meanRepeatSpend());
        return new Prediction(pAlive, expected, orderValue == null ? null : expected * orderValue);
    }
}
