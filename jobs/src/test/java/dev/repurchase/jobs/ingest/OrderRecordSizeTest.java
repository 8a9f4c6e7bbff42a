package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.abuse.FlashSales;
import dev.repurchase.jobs.state.StateTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The bytes the order versions keep of a realistic order (an Online Retail invoice of four lines,
 * paid, shipped, with its alerts switched on): while it is live, and once it settled. Printed, for
 * the state figures of BENCHMARKS.md (live 394 B, settled 93 B): settling keeps under a quarter,
 * since a settled order keeps of its lines only what its outcome does not already hold.
 */
class OrderRecordSizeTest {

    private static final Instant CREATED = Instant.parse("2010-12-01T08:26:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @Test
    void aSettledOrderKeepsLessThanAQuarterOfItsLiveRecord() throws Exception {
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderVersionsOperator(
                                new OrderVersions(
                                        new PurchaseRules(
                                                new BigDecimal("100000"),
                                                1000,
                                                new BigDecimal("50000"),
                                                Set.of()),
                                        new MetricSettings(
                                                new BusinessCalendar("UTC"),
                                                List.of(PeriodType.MONTH),
                                                new PriceBands(List.of(BigDecimal.ZERO))),
                                        Duration.ofDays(7),
                                        Duration.ofDays(1),
                                        Long.MAX_VALUE,
                                        Duration.ofDays(120),
                                        new AlertSettings(
                                                24 * HOUR,
                                                2 * HOUR,
                                                48 * HOUR,
                                                EnumSet.allOf(AlertType.class)),
                                        Instant.EPOCH.toEpochMilli(),
                                        false,
                                        FlashSales.NONE)),
                        (OrderChange change) -> change.orderId,
                        Types.STRING)) {
            harness.open();
            Order o = new Order();
            o.orderId = "536365";
            o.customerId = "17850";
            o.status = OrderStatus.PAID;
            o.totalCents = 139_12;
            o.currency = "GBP";
            o.channel = "web";
            o.region = "United Kingdom";
            o.createdAt = CREATED.toEpochMilli();
            o.paidAt = CREATED.plusSeconds(60).toEpochMilli();
            o.promisedDeliveryAt = CREATED.plus(Duration.ofDays(4)).toEpochMilli();
            o.updatedAt = o.paidAt;
            o.contactHash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
            send(harness, OrderChange.ofOrder(o, false, position(60, 1)).from("orders", 0, 7001));
            line(harness, 1, "85123A", "home", 6, "2.55", 7002);
            line(harness, 2, "71053", "home", 6, "3.39", 7003);
            line(harness, 3, "84406B", "kitchen", 8, "2.75", 7004);
            line(harness, 4, "22752", "gifts", 2, "7.65", 7005);
            Order shipped = copy(o);
            shipped.status = OrderStatus.SHIPPED;
            shipped.shippedAt = CREATED.plus(Duration.ofDays(1)).toEpochMilli();
            shipped.updatedAt = shipped.shippedAt;
            send(
                    harness,
                    OrderChange.ofOrder(shipped, false, position(86_400, 9))
                            .from("orders", 0, 7100));
            int live = bytes(record(harness));

            harness.processWatermark(CREATED.plus(Duration.ofDays(122)).toEpochMilli());
            OrderRecord settled = record(harness);
            int kept = bytes(settled);

            System.out.printf(
                    "order-versions state of one order: live %d B, settled %d B%n", live, kept);
            assertThat(settled.isSettled()).isTrue();
            assertThat(kept).isLessThan(live / 4);
        }
    }

    private static int bytes(OrderRecord record) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        StateTypes.ORDER_RECORD.createSerializer(new SerializerConfigImpl()).serialize(record, out);
        return out.length();
    }

    private static OrderRecord record(
            KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness)
            throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey("536365");
        return backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        OrderVersions.recordState())
                .value();
    }

    private static void line(
            KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness,
            int lineNo,
            String sku,
            String category,
            long quantity,
            String unitPrice,
            long offset)
            throws Exception {
        OrderLine l = new OrderLine();
        l.orderId = "536365";
        l.lineNo = lineNo;
        l.sku = sku;
        l.category = category;
        l.quantity = quantity;
        l.unitPrice = new BigDecimal(unitPrice);
        send(
                harness,
                OrderChange.ofLine(l, false, position(60, 1 + lineNo))
                        .from("order_items", 0, offset));
    }

    private static SourcePosition position(long secondsAfterCreation, long log) {
        return new SourcePosition(
                CREATED.plusSeconds(secondsAfterCreation).toEpochMilli(), 5_000_000 + log, 0);
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness,
            OrderChange change)
            throws Exception {
        harness.processElement(new StreamRecord<>(change, change.position.commitMillis));
    }

    private static Order copy(Order o) {
        return StateTypes.ORDER_CHANGE
                .createSerializer(new SerializerConfigImpl())
                .copy(OrderChange.ofOrder(o, false, null))
                .order;
    }
}
