package dev.repurchase.jobs;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.ingest.OrderAlert;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the pipeline's outputs go: the contract sinks in production, collectors in tests. */
public interface PipelineSinks {

    void metricRows(DataStream<MetricRow> rows);

    void customerProfiles(DataStream<CustomerProfile> profiles);

    /** The learned category cycles (SPEC 4.1), for category_cycle's learned columns. */
    void learnedCycles(DataStream<CategoryCycle> cycles);

    /** Every fit of the prediction models (SPEC 9, {@code prediction_model}). */
    void predictionModels(DataStream<PredictionModel> models);

    /** Every trigger that came due, sent or suppressed. */
    void triggers(DataStream<Trigger> triggers);

    void lifecycleEvents(DataStream<LifecycleEvent> events);

    void deadLetters(DataStream<DeadLetter> deadLetters);

    /** Reports of changes that arrived late and were applied all the same. */
    void lateChanges(DataStream<DeadLetter> reports);

    /** Every order alert that came due, sent or suppressed. */
    void orderAlerts(DataStream<OrderAlert> alerts);

    /** Every change of an abuse_flag row (SPEC 8.2); an order's first flag is announced. */
    void abuseFlags(DataStream<AbuseFlag> flags);

    /**
     * The rows of referral_commission to write or delete (SPEC 8.1), each once a completed
     * checkpoint holds it, the rows of one key in order.
     */
    void referralCommissions(DataStream<ReferralCommission> commissions);
}
