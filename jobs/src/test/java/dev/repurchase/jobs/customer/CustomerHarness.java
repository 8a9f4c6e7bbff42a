package dev.repurchase.jobs.customer;

import dev.repurchase.common.config.CampaignOptions;
import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.CustomerSettings;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.predict.PredictionSettings;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;

/** The customer operator in an operator test harness, as the customer tests start it. */
final class CustomerHarness {

    private CustomerHarness() {}

    /**
     * A task attempt of the customer operator configured with {@code config} (its coupon lead and
     * campaign window too), of a job started at {@code jobStart}, restored from {@code checkpoint}
     * unless null, opened.
     */
    static KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            start(Configuration config, Instant jobStart, OperatorSubtaskState checkpoint)
                    throws Exception {
        KeyedBroadcastOperatorTestHarness<
                        String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
                harness =
                        new KeyedBroadcastOperatorTestHarness<>(
                                new CoBroadcastWithKeyedOperator<>(
                                        new CustomerOperator(
                                                CustomerSettings.from(config, jobStart),
                                                config.get(CampaignOptions.COUPON_LEAD_DAYS),
                                                config.get(CampaignOptions.WINDOW_DAYS),
                                                PredictionSettings.from(config, Long.MAX_VALUE)),
                                        List.of(
                                                CustomerOperator.CATEGORY_CYCLES,
                                                CustomerOperator.PREDICTION_MODEL)),
                                CustomerChange::customerId,
                                Types.STRING,
                                1,
                                1,
                                0);
        if (checkpoint != null) {
            harness.initializeState(checkpoint);
        }
        harness.open();
        return harness;
    }
}
