package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.order.CouponChangeMapper;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.referral.CustomerRowMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages of the coupons topic: decoded like orders, into coupon changes or dead letters. */
class CouponDecodingTest {

    private static final String ISSUED =
            "{\"before\":null,\"after\":{\"coupon_id\":\"CP-1\",\"customer_id\":\"c1\","
                    + "\"campaign_id\":\"spring\",\"issued_at\":\"2025-03-01T00:00:00Z\","
                    + "\"expires_at\":\"2025-03-18T00:00:00Z\",\"redeemed_order_id\":null},"
                    + "\"source\":{\"table\":\"coupons\",\"ts_ms\":1740787200000,\"lsn\":77},"
                    + "\"op\":\"c\",\"ts_ms\":1740787200000}";

    private static final String DELETED =
            "{\"before\":{\"coupon_id\":\"CP-1\"},\"after\":null,"
                    + "\"source\":{\"table\":\"coupons\",\"ts_ms\":1740787300000,\"lsn\":78},"
                    + "\"op\":\"d\",\"ts_ms\":1740787300000}";

    private final CdcDeserializer deserializer =
            new CdcDeserializer(
                    CdcFormat.DEBEZIUM,
                    OrderChangeMapper.canonical(),
                    CouponChangeMapper.canonical(),
                    CustomerRowMapper.canonical());
    private final List<DecodedChange> out = new ArrayList<>();

    @BeforeEach
    void open() {
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return null;
                    }
                });
    }

    private void receive(long offset, String json) {
        deserializer.deserialize(
                new ConsumerRecord<>(
                        "coupons", 1, offset, null, json.getBytes(StandardCharsets.UTF_8)),
                new Collector<>() {
                    @Override
                    public void collect(DecodedChange record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
    }

    @Test
    void aCouponRowBecomesACouponChangeWithItsCommitTimeAsEventTime() {
        receive(5, ISSUED);

        assertThat(out).hasSize(1);
        DecodedChange decoded = out.get(0);
        assertThat(decoded.change).isNull();
        assertThat(decoded.deadLetter).isNull();
        assertThat(decoded.coupon.coupon.customerId).isEqualTo("c1");
        assertThat(decoded.coupon.coupon.campaignId).isEqualTo("spring");
        assertThat(decoded.coupon.position.logPosition).isEqualTo(77);
        assertThat(decoded.commitMillis()).isEqualTo(1740787200000L);
    }

    @Test
    void aDeleteCarriesTheKeyOnly() {
        receive(6, DELETED);

        assertThat(out.get(0).coupon.deleted).isTrue();
        assertThat(out.get(0).coupon.couponId).isEqualTo("CP-1");
    }

    @Test
    void aCouponWithoutExpiryIsADeadLetterWithItsSourceOffset() {
        receive(7, ISSUED.replace(",\"expires_at\":\"2025-03-18T00:00:00Z\"", ""));

        assertThat(out).hasSize(1);
        DeadLetter dead = out.get(0).deadLetter;
        assertThat(dead.topic).isEqualTo("coupons");
        assertThat(dead.offset).isEqualTo(7);
        assertThat(dead.reason).contains("missing expires_at");
    }

    @Test
    void routingSendsCouponsToTheirSideOutput() throws Exception {
        receive(5, ISSUED);
        var routing = ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterRouting());

        routing.processElement(out.get(0), 0);

        assertThat(routing.extractOutputValues()).isEmpty();
        assertThat(routing.getSideOutput(DeadLetterRouting.COUPONS))
                .extracting(r -> r.getValue().couponId)
                .containsExactly("CP-1");
        routing.close();
    }
}
