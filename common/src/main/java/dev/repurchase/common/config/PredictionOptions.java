package dev.repurchase.common.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import org.apache.flink.configuration.ConfigOption;

/** Options of the prediction (SPEC section 9): the BG/NBD and Gamma-Gamma models. */
public final class PredictionOptions {

    private PredictionOptions() {}

    public static final ConfigOption<Integer> REFIT_DAYS =
            key("predict.refit-days")
                    .intType()
                    .defaultValue(7)
                    .withDescription(
                            "The models are fitted again every this many days of event time (at"
                                    + " the start of a local day), and once more at the end of a"
                                    + " replay; every customer's prediction is recomputed then.");

    public static final ConfigOption<String> PARAMS =
            key("predict.params")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Fixed BG/NBD parameters 'r,alpha,a,b' (alpha in weeks) instead of"
                                    + " the maximum-likelihood fit; the predictions are still"
                                    + " recomputed on the refit schedule.");

    public static final ConfigOption<Integer> HORIZON_DAYS =
            key("predict.horizon-days")
                    .intType()
                    .defaultValue(90)
                    .withDescription(
                            "customer_profile.expected_purchases and predicted_value count the"
                                    + " purchase days expected in this many days after today.");
}
