package dev.repurchase.cli.replay;

import static dev.repurchase.cli.replay.OrderRowBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.embedded.TopicReader;
import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HistoryPublisherTest {

    private static final Instant DAY_ONE = Instant.parse("2011-01-05T10:00:00Z");
    private static final int ORDERS = 20;
    private static final int PARTITIONS = 3;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(PARTITIONS, "orders", "order_items");
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void publishesEveryChangeKeepingEachOrderInOnePartitionInOrder() {
        DebeziumChangeFeed feed = DebeziumChangeFeed.of(history());
        List<Long> progress = new ArrayList<>();

        HistoryPublisher.Summary summary =
                new HistoryPublisher(kafka.bootstrapServers())
                        .publish(feed, 10, p -> progress.add(p.events()));

        assertThat(summary.eventsPerTopic())
                .containsExactly(Map.entry("orders", 40L), Map.entry("order_items", 40L));
        assertThat(summary.latestEventTime()).isEqualTo(feed.latestEventTime());
        assertThat(progress).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L);

        List<ConsumerRecord<String, String>> orders =
                TopicReader.read(kafka.bootstrapServers(), "orders", 40);
        List<ConsumerRecord<String, String>> items =
                TopicReader.read(kafka.bootstrapServers(), "order_items", 40);
        Map<String, Set<Integer>> partitionsPerOrder =
                Stream.concat(orders.stream(), items.stream())
                        .collect(
                                Collectors.groupingBy(
                                        r -> orderId(r.key()),
                                        Collectors.mapping(
                                                ConsumerRecord::partition, Collectors.toSet())));
        assertThat(partitionsPerOrder)
                .hasSize(ORDERS)
                .allSatisfy((order, partitions) -> assertThat(partitions).hasSize(1));
        assertThat(partitionsPerOrder.values().stream().distinct()).hasSizeGreaterThan(1);
        assertThat(orders)
                .filteredOn(r -> r.key().equals("{\"order_id\":\"o-07\"}"))
                .extracting(r -> r.value().contains("\"op\":\"c\""))
                .containsExactly(true, false);
    }

    /** Orders created a day apart, each paid an hour later, with two lines each. */
    private static OrderHistory history() {
        List<OrderRow> orders = new ArrayList<>();
        List<ItemRow> items = new ArrayList<>();
        IntStream.range(0, ORDERS)
                .forEach(
                        i -> {
                            String orderId = String.format("o-%02d", i);
                            Instant created = DAY_ONE.plus(Duration.ofDays(i));
                            orders.add(
                                    order(orderId)
                                            .status(OrderStatus.PAID)
                                            .createdAt(created)
                                            .paidAt(created.plus(Duration.ofHours(1)))
                                            .build());
                            items.add(
                                    new ItemRow(orderId, 1, "BEAN-1", "coffee", 1, BigDecimal.TEN));
                            items.add(
                                    new ItemRow(
                                            orderId, 2, "MUG-7", "tableware", 1, BigDecimal.ONE));
                        });
        return new OrderHistory(orders, items);
    }

    private static String orderId(String key) {
        return key.replaceAll(".*\"order_id\":\"([^\"]+)\".*", "$1");
    }
}
