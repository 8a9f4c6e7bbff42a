package dev.repurchase.cli.replay;

import static dev.repurchase.cli.replay.OrderRowBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.cli.generator.CouponRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CouponFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant ISSUED = Instant.parse("2011-01-01T08:00:00Z");
    private static final Instant ORDERED = Instant.parse("2011-01-05T10:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2011-01-20T08:00:00Z");

    private static final OrderHistory HISTORY =
            new OrderHistory(List.of(order("o-1").createdAt(ORDERED).build()), List.of());

    private static final CouponRow REDEEMED =
            new CouponRow("CP-1", "c-1", "spring", ISSUED, EXPIRES, "o-1");
    private static final CouponRow UNKNOWN_ORDER =
            new CouponRow("CP-2", "c-1", null, ISSUED, EXPIRES, "o-404");

    private static List<JsonNode> values(Iterable<ChangeEvent> events) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (ChangeEvent e : events) {
            values.add(JSON.readTree(e.value()));
        }
        return values;
    }

    @Test
    void aRedeemedCouponIsInsertedUnredeemedAndUpdatedWhenItsOrderWasCreated() throws Exception {
        CouponFeed feed = CouponFeed.of(List.of(REDEEMED), HISTORY);

        List<ChangeEvent> events = new ArrayList<>();
        feed.forEach(events::add);
        assertThat(events).extracting(ChangeEvent::topic).containsOnly("coupons");
        assertThat(events).extracting(ChangeEvent::orderId).containsOnly("CP-1");
        assertThat(events).extracting(ChangeEvent::eventTime).containsExactly(ISSUED, ORDERED);
        List<JsonNode> values = values(events);
        assertThat(values).extracting(v -> v.get("op").asText()).containsExactly("c", "u");
        assertThat(values.get(0).get("after").get("redeemed_order_id").isNull()).isTrue();
        assertThat(values.get(1).get("after").get("redeemed_order_id").asText()).isEqualTo("o-1");
        assertThat(values.get(1).get("source").get("table").asText()).isEqualTo("coupons");
        assertThat(values.get(0).get("after").get("expires_at").asText())
                .isEqualTo(EXPIRES.toString());
    }

    @Test
    void aCouponRedeemedByAnOrderNotInTheHistoryIsInsertedAsItIs() throws Exception {
        List<JsonNode> values = values(CouponFeed.of(List.of(UNKNOWN_ORDER), HISTORY));

        assertThat(values).hasSize(1);
        assertThat(values.get(0).get("after").get("redeemed_order_id").asText()).isEqualTo("o-404");
    }

    @Test
    void versionsOfItsOwnIncludeDeletes() throws Exception {
        CouponFeed feed =
                CouponFeed.of(List.of(), HISTORY)
                        .with(
                                List.of(
                                        new CouponFeed.Version(
                                                ORDERED, CouponFeed.unredeemed(REDEEMED), null),
                                        new CouponFeed.Version(
                                                ISSUED, null, CouponFeed.unredeemed(REDEEMED))));

        List<JsonNode> values = values(feed);

        assertThat(values).extracting(v -> v.get("op").asText()).containsExactly("c", "d");
        assertThat(values.get(1).get("after").isNull()).isTrue();
        assertThat(feed.latestEventTime()).isEqualTo(ORDERED);
    }

    @Test
    void mergeKeepsCommitTimeOrderAcrossFeeds() {
        Iterable<ChangeEvent> merged =
                CouponFeed.merge(
                        DebeziumChangeFeed.of(HISTORY), CouponFeed.of(List.of(REDEEMED), HISTORY));

        List<String> order = new ArrayList<>();
        merged.forEach(e -> order.add(e.topic() + "@" + e.eventTime()));
        // Of the order's insert and the coupon's update at the same instant, the order first.
        assertThat(order)
                .containsExactly("coupons@" + ISSUED, "orders@" + ORDERED, "coupons@" + ORDERED);
    }

    @Test
    void readsACouponsCsvAndNamesTheLineOfAProblem(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("coupons.csv");
        Files.writeString(
                csv,
                "coupon_id,customer_id,campaign_id,issued_at,expires_at,redeemed_order_id\n"
                        + "CP-1,c-1,spring,2011-01-01T08:00:00Z,2011-01-20 08:00:00,o-1\n"
                        + "CP-2,c-2,,2011-01-02T08:00:00Z,2011-01-21T08:00:00Z,\n");

        assertThat(CouponFeed.read(csv))
                .containsExactly(
                        REDEEMED,
                        new CouponRow(
                                "CP-2",
                                "c-2",
                                null,
                                Instant.parse("2011-01-02T08:00:00Z"),
                                Instant.parse("2011-01-21T08:00:00Z"),
                                null));

        Files.writeString(
                csv,
                "coupon_id,customer_id,issued_at,expires_at\n"
                        + "CP-1,c-1,2011-01-20T08:00:00Z,2011-01-01T08:00:00Z\n");
        assertThatThrownBy(() -> CouponFeed.read(csv))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining(":2")
                .hasMessageContaining("issued_at must be before expires_at");
    }
}
