package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.order.CouponChangeMapper;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.referral.CustomerRowMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The customers table (SPEC 1, 8.1) decoded from Debezium, Canal and Maxwell, bad rows dead. */
class CustomerRowDecodingTest {

    private static final long REGISTERED = Instant.parse("2025-03-01T08:00:00Z").toEpochMilli();

    private List<DecodedChange> decode(CdcFormat format, long offset, String json) {
        CdcDeserializer deserializer =
                new CdcDeserializer(
                        format,
                        OrderChangeMapper.canonical(),
                        CouponChangeMapper.canonical(),
                        CustomerRowMapper.canonical());
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
        List<DecodedChange> out = new ArrayList<>();
        deserializer.deserialize(
                new ConsumerRecord<>(
                        "customers", 0, offset, null, json.getBytes(StandardCharsets.UTF_8)),
                new Collector<>() {
                    @Override
                    public void collect(DecodedChange record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        return out;
    }

    @Test
    void aDebeziumRowBecomesACustomerRowChange() {
        List<DecodedChange> out =
                decode(
                        CdcFormat.DEBEZIUM,
                        3,
                        "{\"before\":null,\"after\":{\"customer_id\":\"bob\","
                                + "\"referrer_id\":\"ann\",\"registered_at\":"
                                + "\"2025-03-01T08:00:00Z\"},\"source\":{\"table\":\"customers\","
                                + "\"ts_ms\":1740816000000,\"lsn\":9},\"op\":\"c\"}");

        assertThat(out).hasSize(1);
        DecodedChange decoded = out.get(0);
        assertThat(decoded.change).isNull();
        assertThat(decoded.coupon).isNull();
        assertThat(decoded.customer.row.customerId).isEqualTo("bob");
        assertThat(decoded.customer.row.referrerId).isEqualTo("ann");
        assertThat(decoded.customer.row.registeredAt).isEqualTo(REGISTERED);
        assertThat(decoded.customer.deleted).isFalse();
        assertThat(decoded.commitMillis()).isEqualTo(1740816000000L);
    }

    @Test
    void aCanalRowWithoutReferrerHasNone() {
        List<DecodedChange> out =
                decode(
                        CdcFormat.CANAL,
                        4,
                        "{\"type\":\"INSERT\",\"table\":\"customers\",\"data\":[{"
                                + "\"customer_id\":\"ann\",\"referrer_id\":\"\","
                                + "\"registered_at\":\"2025-03-01 08:00:00\"}],"
                                + "\"es\":1740816000000,\"ts\":1740816000999,\"id\":7}");

        assertThat(out).hasSize(1);
        assertThat(out.get(0).customer.row.customerId).isEqualTo("ann");
        assertThat(out.get(0).customer.row.referrerId).isNull();
        assertThat(out.get(0).customer.row.registeredAt).isEqualTo(REGISTERED);
    }

    @Test
    void aMaxwellDeleteCarriesTheKey() {
        List<DecodedChange> out =
                decode(
                        CdcFormat.MAXWELL,
                        5,
                        "{\"database\":\"shop\",\"table\":\"customers\",\"type\":\"delete\","
                                + "\"ts\":1740816000,\"xid\":1,\"commit\":true,"
                                + "\"data\":{\"customer_id\":\"cid\",\"referrer_id\":\"bob\"}}");

        assertThat(out).hasSize(1);
        assertThat(out.get(0).customer.deleted).isTrue();
        assertThat(out.get(0).customer.row.customerId).isEqualTo("cid");
    }

    @Test
    void aRowWithoutCustomerIdIsADeadLetterWithItsSourceOffset() {
        List<DecodedChange> out =
                decode(
                        CdcFormat.DEBEZIUM,
                        8,
                        "{\"before\":null,\"after\":{\"referrer_id\":\"ann\"},"
                                + "\"source\":{\"table\":\"customers\",\"ts_ms\":1740816000000},"
                                + "\"op\":\"c\"}");

        assertThat(out).hasSize(1);
        DeadLetter dead = out.get(0).deadLetter;
        assertThat(dead.topic).isEqualTo("customers");
        assertThat(dead.offset).isEqualTo(8);
        assertThat(dead.reason).contains("missing customer_id");
    }

    @Test
    void aBadRegistrationTimeIsADeadLetter() {
        List<DecodedChange> out =
                decode(
                        CdcFormat.DEBEZIUM,
                        9,
                        "{\"before\":null,\"after\":{\"customer_id\":\"bob\","
                                + "\"registered_at\":\"yesterday\"},"
                                + "\"source\":{\"table\":\"customers\",\"ts_ms\":1740816000000},"
                                + "\"op\":\"c\"}");

        assertThat(out.get(0).deadLetter.reason).contains("registered_at");
    }

    @Test
    void routingSendsCustomerRowsToTheirSideOutput() throws Exception {
        List<DecodedChange> out =
                decode(
                        CdcFormat.DEBEZIUM,
                        3,
                        "{\"before\":null,\"after\":{\"customer_id\":\"bob\"},"
                                + "\"source\":{\"table\":\"customers\",\"ts_ms\":1740816000000},"
                                + "\"op\":\"c\"}");
        var routing = ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterRouting());

        routing.processElement(out.get(0), 0);

        assertThat(routing.extractOutputValues()).isEmpty();
        assertThat(routing.getSideOutput(DeadLetterRouting.CUSTOMERS))
                .extracting(r -> r.getValue().customerId())
                .containsExactly("bob");
        routing.close();
    }
}
