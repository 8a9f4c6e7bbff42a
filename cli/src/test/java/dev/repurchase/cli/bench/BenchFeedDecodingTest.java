package dev.repurchase.cli.bench;

import static dev.repurchase.common.cdc.DecoderDifferential.assertSameDecoding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.common.cdc.CdcFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoder against the tree decoder it replaced, on every message of a bench feed: the
 * shop the benchmark generates, as its Debezium change feed renders it (orders, lines, payment,
 * delivery, cancellations, refunds).
 */
class BenchFeedDecodingTest {

    @Test
    void everyMessageOfABenchFeedDecodesAsTheTreeDecoderDecodesIt() {
        BenchShop shop = BenchShop.generate("differential", 2_000, Duration.ofDays(60));
        DebeziumChangeFeed feed = shop.feed(DebeziumChangeFeed.Topics.DEFAULT);

        assertThat(feed.size()).isGreaterThan(shop.orders());
        for (ChangeEvent event : feed) {
            assertSameDecoding(CdcFormat.DEBEZIUM, event.value().getBytes(StandardCharsets.UTF_8));
        }
    }
}
