package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.config.CampaignOptions;
import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.CustomerSettings;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.predict.PredictionSettings;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.ingest.OrderVersions;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * SPEC 4.1 "as of the due time" across the two CDC topics: an order's lines (committed with its
 * insert) may be read after later versions of its row (payment, a refund weeks later), since the
 * orders topic can be read ahead of the order_items topic within the watermark bound (after a
 * restore, say). The order versions and the customer operator, chained as in the job, must give the
 * same triggers, category included, whichever topic is read first.
 */
class CustomerLinesReadLateTest {

    private static final Instant CREATED = Instant.parse("2025-01-01T08:00:00Z");
    private static final Instant PAID = Instant.parse("2025-01-01T10:00:00Z");

    /** After the reminder (26 January) and the follow-up (10 February). */
    private static final Instant REFUNDED = Instant.parse("2025-02-20T10:00:00Z");

    private static final Instant END = Instant.parse("2025-03-01T00:00:00Z");

    /** Bulk above 100 items. */
    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 100, new BigDecimal("50000"), Set.of());

    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    /** One replay of the changes through order versions and the customer operator. */
    private static final class Chain implements AutoCloseable {
        final KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> orders;
        final KeyedBroadcastOperatorTestHarness<
                        String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
                customers;
        private int forwarded;
        private long position;

        Chain() throws Exception {
            orders =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            new KeyedProcessOperator<>(new OrderVersions(RULES, MONTHLY)),
                            change -> change.orderId,
                            Types.STRING);
            orders.open();
            Configuration config = new Configuration();
            config.setString("reminders.lead-days", "5");
            config.setString("reminders.grace-days", "10");
            config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
            customers =
                    ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                            new CustomerOperator(
                                    CustomerSettings.from(config, Instant.now()),
                                    config.get(CampaignOptions.COUPON_LEAD_DAYS),
                                    config.get(CampaignOptions.WINDOW_DAYS),
                                    PredictionSettings.from(config, Long.MAX_VALUE)),
                            CustomerChange::customerId,
                            Types.STRING,
                            CustomerOperator.CATEGORY_CYCLES,
                            CustomerOperator.PREDICTION_MODEL);
        }

        /** A change committed at {@code at} is read; what it tells the customer goes on at once. */
        void read(OrderChange change, Instant at) throws Exception {
            change.position = new SourcePosition(at.toEpochMilli(), ++position, 0);
            orders.processElement(new StreamRecord<>(change, at.toEpochMilli()));
            List<StreamRecord<? extends PurchaseChange>> emitted = new ArrayList<>();
            for (Object o : orders.getOutput()) {
                if (o instanceof StreamRecord<?> r && r.getValue() instanceof PurchaseChange) {
                    @SuppressWarnings("unchecked")
                    StreamRecord<PurchaseChange> record = (StreamRecord<PurchaseChange>) r;
                    emitted.add(record);
                }
            }
            for (StreamRecord<? extends PurchaseChange> r :
                    emitted.subList(forwarded, emitted.size())) {
                customers.processElement(
                        new StreamRecord<>(CustomerChange.of(r.getValue()), r.getTimestamp()));
            }
            forwarded = emitted.size();
        }

        List<String> triggersAt(Instant end) throws Exception {
            customers.processWatermark(new Watermark(end.toEpochMilli()));
            customers.processBroadcastWatermark(new Watermark(end.toEpochMilli()));
            var out = customers.getSideOutput(CustomerOperator.TRIGGERS);
            return out == null
                    ? List.of()
                    : out.stream()
                            .map(StreamRecord::getValue)
                            .map(
                                    t ->
                                            t.type
                                                    + " "
                                                    + Instant.ofEpochMilli(t.dueAt)
                                                    + " "
                                                    + t.category
                                                    + " "
                                                    + t.triggerId)
                            .toList();
        }

        @Override
        public void close() throws Exception {
            orders.close();
            customers.close();
        }
    }

    private static OrderChange row(OrderStatus status, Instant paidAt, long refundedCents) {
        Order o = new Order();
        o.orderId = "o1";
        o.customerId = "alice";
        o.status = status;
        o.totalCents = 5000;
        o.refundedCents = refundedCents;
        o.createdAt = CREATED.toEpochMilli();
        o.paidAt = paidAt == null ? null : paidAt.toEpochMilli();
        return OrderChange.ofOrder(o, false, null);
    }

    private static OrderChange line(int lineNo, String category, long quantity) {
        OrderLine l = new OrderLine();
        l.orderId = "o1";
        l.lineNo = lineNo;
        l.category = category;
        l.quantity = quantity;
        l.unitPrice = new BigDecimal("1.00");
        return OrderChange.ofLine(l, false, null);
    }

    /** Insert with its lines (committed together), payment, a partial refund. */
    private static List<String> replay(boolean linesLast, long quantity) throws Exception {
        return replay(linesLast, quantity, OrderStatus.PARTIALLY_REFUNDED, 1000);
    }

    /** Insert with its lines (committed together), payment, a refund. */
    private static List<String> replay(
            boolean linesLast, long quantity, OrderStatus refund, long refundedCents)
            throws Exception {
        try (Chain chain = new Chain()) {
            chain.read(row(OrderStatus.PENDING_PAYMENT, null, 0), CREATED);
            if (!linesLast) {
                chain.read(line(1, "giftware", quantity), CREATED);
                chain.read(line(2, "kitchen", 1), CREATED);
            }
            chain.read(row(OrderStatus.PAID, PAID, 0), PAID);
            chain.read(row(refund, PAID, refundedCents), REFUNDED);
            if (linesLast) {
                chain.read(line(1, "giftware", quantity), CREATED);
                chain.read(line(2, "kitchen", 1), CREATED);
            }
            return chain.triggersAt(END);
        }
    }

    @Test
    void linesReadAfterTheRefundGiveTheTriggersOfTheCommitOrder() throws Exception {
        List<String> inCommitOrder = replay(false, 3);
        assertThat(inCommitOrder)
                .hasSize(2)
                .allMatch(t -> t.contains(" giftware "), "the category of the order's lines");

        assertThat(replay(true, 3)).isEqualTo(inCommitOrder);
    }

    @Test
    void bulkLinesReadAfterTheRefundLeaveNoPurchaseBehind() throws Exception {
        assertThat(replay(false, 500)).as("a bulk order is no purchase").isEmpty();

        assertThat(replay(true, 500)).isEmpty();
    }

    @Test
    void linesReadAfterAFullRefundReachTheVersionsBeforeIt() throws Exception {
        List<String> inCommitOrder = replay(false, 3, OrderStatus.REFUNDED, 5000);
        assertThat(inCommitOrder).hasSize(2).allMatch(t -> t.contains(" giftware "));

        assertThat(replay(true, 3, OrderStatus.REFUNDED, 5000)).isEqualTo(inCommitOrder);
    }
}
