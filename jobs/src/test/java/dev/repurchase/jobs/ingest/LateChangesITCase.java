package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.PipelineSinks;
import dev.repurchase.jobs.RepurchasePipeline;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.customer.Trigger;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * A late purchase through the whole job graph on a MiniCluster: Bob's order is committed on day 2
 * but arrives after Alice's of day 30, when event time is far past it. It is reported once as late
 * and applied (Bob has his purchase); the changes that arrived in time are not reported.
 */
class LateChangesITCase {

    private static final Instant DAY_1 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2025-01-02T10:00:00Z");
    private static final Instant DAY_30 = Instant.parse("2025-01-30T10:00:00Z");

    /** What the test reads of the outputs: profiles and late-change reports, as text. */
    private static final class Sinks implements PipelineSinks {
        private final List<DataStream<String>> read = new ArrayList<>();

        @Override
        public void metricRows(DataStream<MetricRow> rows) {
            rows.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void customerProfiles(DataStream<CustomerProfile> profiles) {
            read.add(
                    profiles.map(p -> "profile " + p.customerId + " " + p.purchases, Types.STRING));
        }

        @Override
        public void learnedCycles(DataStream<CategoryCycle> cycles) {
            cycles.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void predictionModels(DataStream<PredictionModel> models) {
            models.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void triggers(DataStream<Trigger> triggers) {
            triggers.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void lifecycleEvents(DataStream<LifecycleEvent> events) {
            events.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            deadLetters.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void lateChanges(DataStream<DeadLetter> reports) {
            read.add(
                    reports.map(
                            r -> "late " + r.topic + ":" + r.partition + ":" + r.offset,
                            Types.STRING));
        }

        @Override
        public void orderAlerts(DataStream<OrderAlert> alerts) {
            alerts.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void abuseFlags(DataStream<AbuseFlag> flags) {
            flags.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void referralCommissions(DataStream<ReferralCommission> commissions) {
            commissions.sinkTo(new DiscardingSink<>());
        }
    }

    /** Event time follows each change at once (5 s behind), so the run is deterministic. */
    private static final class EachChange implements WatermarkGenerator<DecodedChange> {
        @Override
        public void onEvent(DecodedChange change, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp - 5_000));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    private static DecodedChange paid(String orderId, String customer, Instant at, long offset) {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = customer;
        o.status = OrderStatus.PAID;
        o.totalCents = 3000;
        o.createdAt = at.toEpochMilli();
        o.paidAt = at.toEpochMilli();
        return DecodedChange.of(
                OrderChange.ofOrder(o, false, new SourcePosition(at.toEpochMilli(), offset, 0))
                        .from("orders", 0, offset));
    }

    private static DecodedChange line(String orderId, Instant at, long offset) {
        OrderLine l = new OrderLine();
        l.orderId = orderId;
        l.lineNo = 1;
        l.sku = "COFFEE-1";
        l.category = "coffee";
        l.quantity = 1;
        l.unitPrice = new BigDecimal("30.00");
        return DecodedChange.of(
                OrderChange.ofLine(l, false, new SourcePosition(at.toEpochMilli(), offset, 0))
                        .from("order_items", 0, offset));
    }

    @Test
    void aLatePurchaseIsAppliedAndReportedOnce() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().disableGenericTypes();
        DataStream<DecodedChange> changes =
                env.fromData(
                                TypeInformation.of(DecodedChange.class),
                                paid("o1", "alice", DAY_1, 1),
                                line("o1", DAY_1, 1),
                                paid("o3", "alice", DAY_30, 2),
                                line("o3", DAY_30, 2),
                                // Committed on day 2, delivered after day 30.
                                paid("o2", "bob", DAY_2, 3),
                                line("o2", DAY_2, 3))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.forGenerator(context -> new EachChange())
                                        .withTimestampAssigner(
                                                (change, ignored) -> change.commitMillis()));
        Configuration config = new Configuration();
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        config.set(PipelineOptions.WATERMARK_ALLOWED_LATENESS, Duration.ofMinutes(1));
        Sinks sinks = new Sinks();
        new RepurchasePipeline(config, Instant.now()).build(changes, sinks);

        List<String> read = new ArrayList<>();
        try (CloseableIterator<String> out =
                sinks.read.get(0).union(sinks.read.get(1)).executeAndCollect()) {
            out.forEachRemaining(read::add);
        }

        assertThat(read.stream().filter(s -> s.startsWith("late")))
                .containsExactlyInAnyOrder("late orders:0:3", "late order_items:0:3");
        assertThat(read).contains("profile bob 1");
    }
}
