package dev.repurchase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.embedded.TopicReader;
import dev.repurchase.cli.generator.GeneratedShop;
import dev.repurchase.cli.generator.OrderTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code publish} puts a CSV export on the CDC topics of the job options, on a real broker: one
 * Debezium change event per version of each row, as the replay would publish them.
 */
class PublishCommandITCase {

    private static final ShopProfile SHOP =
            ShopProfile.demo(
                    300,
                    Instant.parse("2024-01-01T00:00:00Z"),
                    Instant.parse("2024-07-01T00:00:00Z"),
                    5);

    @TempDir Path dir;

    @Test
    void publishPutsTheExportOnTheJobsTopics() throws Exception {
        GeneratedShop shop = OrderTraffic.generate(SHOP);
        shop.write(dir);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (ChangeEvent event :
                DebeziumChangeFeed.of(
                        shop.history(),
                        new DebeziumChangeFeed.Topics("shop.orders", "shop.order_items"))) {
            expected.merge(event.topic(), 1L, Long::sum);
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, "shop.orders", "shop.order_items");
            StringWriter err = new StringWriter();
            CommandLine cli = RepurchaseCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit =
                    cli.execute(
                            "publish",
                            "--orders",
                            dir.resolve("orders.csv").toString(),
                            "--items",
                            dir.resolve("order_items.csv").toString(),
                            "--set",
                            "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                            "--set",
                            "kafka.topic.orders=shop.orders",
                            "--set",
                            "kafka.topic.order-items=shop.order_items");

            assertThat(exit).as(err.toString()).isZero();
            for (Map.Entry<String, Long> topic : expected.entrySet()) {
                assertThat(
                                TopicReader.read(
                                                kafka.bootstrapServers(),
                                                topic.getKey(),
                                                topic.getValue().intValue() + 1)
                                        .size())
                        .as(topic.getKey())
                        .isEqualTo(topic.getValue().intValue());
            }
        }
    }
}
