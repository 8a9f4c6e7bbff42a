package dev.repurchase.common.order;

import static dev.repurchase.common.cdc.CdcSamples.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.privacy.ContactHasher;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * SPEC 1 and 8.2: an order's optional device_id, client_ip and address_hash, as Debezium, Canal and
 * Maxwell deliver them, are kept only as keyed hashes (HMAC-SHA256 under the hash secret of
 * "device:", "ip:" or "address:" and the value); absent or blank is none, and without a secret
 * nothing is kept.
 */
class BuyerIdentifiersDecodingTest {

    private static final String SECRET = "a-test-secret-of-the-shop";
    private static final String DEVICE = "a1b2c3d4-e5f6-4711-8899-aabbccddeeff";
    private static final String IP = "203.0.113.77";
    private static final String ADDRESS = "7d865e959b2466918c9863afca942d0f";

    private static final byte[] DEBEZIUM =
            json(
                    """
                    {"before": null, "op": "c", "ts_ms": 1709288400500,
                     "source": {"table": "orders", "ts_ms": 1709288400000, "lsn": 42},
                     "after": {"order_id": "o-1", "customer_id": "c-1", "status": "PAID",
                               "total_amount": "88.00", "created_at": "2024-03-01T10:20:00Z",
                               "device_id": "%s", "client_ip": "%s", "address_hash": "%s"}}
                    """
                            .formatted(DEVICE, IP, ADDRESS));

    private static final byte[] CANAL =
            json(
                    """
                    {"data": [{"order_id": "o-1", "customer_id": "c-1", "status": "PAID",
                               "total_amount": "88.00", "created_at": "2024-03-01 18:20:00",
                               "device_id": "%s", "client_ip": "%s", "address_hash": "%s"}],
                     "database": "shop", "es": 1709288400000, "id": 5, "isDdl": false,
                     "old": null, "pkNames": ["order_id"],
                     "table": "orders", "ts": 1709288400123, "type": "INSERT"}
                    """
                            .formatted(DEVICE, IP, ADDRESS));

    private static final byte[] MAXWELL =
            json(
                    """
                    {"database": "shop", "table": "orders", "type": "insert",
                     "ts": 1709288400, "xid": 8249, "commit": true,
                     "data": {"order_id": "o-1", "customer_id": "c-1", "status": "PAID",
                              "total_amount": 88.00, "created_at": "2024-03-01 18:20:00",
                              "device_id": "%s", "client_ip": "%s", "address_hash": "%s"}}
                    """
                            .formatted(DEVICE, IP, ADDRESS));

    private static final byte[] WITHOUT_THEM =
            json(
                    """
                    {"before": null, "op": "c", "ts_ms": 1709288400500,
                     "source": {"table": "orders", "ts_ms": 1709288400000, "lsn": 43},
                     "after": {"order_id": "o-2", "customer_id": "c-1", "status": "PAID",
                               "total_amount": "88.00", "created_at": "2024-03-01T10:20:00Z",
                               "device_id": "   ", "client_ip": null}}
                    """);

    private final OrderChangeMapper hashing =
            OrderChangeMapper.builder().contactHasher(ContactHasher.withSecret(SECRET)).build();

    @Test
    void debeziumCanalAndMaxwellKeepTheKeyedHashesOnly() throws Exception {
        for (var format :
                new Object[][] {
                    {CdcFormat.DEBEZIUM, DEBEZIUM},
                    {CdcFormat.CANAL, CANAL},
                    {CdcFormat.MAXWELL, MAXWELL}
                }) {
            Order order = decode(hashing, (CdcFormat) format[0], (byte[]) format[1]);

            assertThat(order.deviceHash).as("%s", format[0]).isEqualTo(hmac("device:" + DEVICE));
            assertThat(order.ipHash).as("%s", format[0]).isEqualTo(hmac("ip:" + IP));
            assertThat(order.addressHash).as("%s", format[0]).isEqualTo(hmac("address:" + ADDRESS));
        }
    }

    @Test
    void absentOrBlankIsNone() throws Exception {
        Order order = decode(hashing, CdcFormat.DEBEZIUM, WITHOUT_THEM);

        assertThat(order.deviceHash).isNull();
        assertThat(order.ipHash).isNull();
        assertThat(order.addressHash).isNull();
    }

    @Test
    void withoutASecretNothingIsKept() throws Exception {
        Order order = decode(OrderChangeMapper.canonical(), CdcFormat.DEBEZIUM, DEBEZIUM);

        assertThat(order.deviceHash).isNull();
        assertThat(order.ipHash).isNull();
        assertThat(order.addressHash).isNull();
    }

    @Test
    void theSameValueOfTwoKindsHashesApart() {
        ContactHasher hasher = ContactHasher.withSecret(SECRET);

        assertThat(hasher.hashIdentifier("device", IP))
                .isNotEqualTo(hasher.hashIdentifier("ip", IP));
    }

    private static Order decode(OrderChangeMapper mapper, CdcFormat format, byte[] message)
            throws Exception {
        return mapper.map(format.decoder().decode(message).get(0)).order;
    }

    /** HMAC-SHA256 of the text under the secret, hex: computed here, not by the job's code. */
    private static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
