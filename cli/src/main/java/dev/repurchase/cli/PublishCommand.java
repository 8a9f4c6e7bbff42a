package dev.repurchase.cli;

import dev.repurchase.cli.generator.CouponRow;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.CouponFeed;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.HistoryPublisher;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.jobs.config.JobConfiguration;
import dev.repurchase.jobs.config.KafkaProperties;
import dev.repurchase.jobs.config.PipelineOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Publishes a CSV export of the order system as Debezium change events to the Kafka the job reads
 * (its options {@code kafka.bootstrap-servers}, {@code kafka.topic.*}, {@code kafka.properties.*}):
 * the history before the live CDC stream, on the same topics. Every row's versions are ordered by
 * commit time, so changes that are both in the export and in the live stream count once.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes an order history (CSV export) as Debezium change events to the CDC topics"
                    + " of the job options, for a job to read with the live change stream."
        })
public final class PublishCommand implements Callable<Integer> {

    private static final long PROGRESS_EVERY_EVENTS = 100_000;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--orders", required = true, description = "CSV of the orders table.")
    Path orders;

    @Option(names = "--items", required = true, description = "CSV of the order_items table.")
    Path items;

    @Option(names = "--coupons", description = "CSV of the coupons table (optional).")
    Path coupons;

    @Option(names = "--config", description = "YAML file of job options (the job's own).")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "key=value",
            description = "A job option, over the config file (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        for (Path file : new Path[] {orders, items, coupons, configFile}) {
            if (file != null && (!Files.isReadable(file) || Files.isDirectory(file))) {
                throw new ParameterException(spec.commandLine(), "cannot read file '" + file + "'");
            }
        }
        Configuration config = JobConfiguration.load(configFile, sets);
        OrderHistory history = OrderHistory.read(orders, items);
        Iterable<ChangeEvent> events =
                DebeziumChangeFeed.of(
                        history,
                        new DebeziumChangeFeed.Topics(
                                config.get(PipelineOptions.ORDERS_TOPIC),
                                config.get(PipelineOptions.ORDER_ITEMS_TOPIC)));
        if (coupons != null) {
            List<CouponRow> couponRows = CouponFeed.read(coupons);
            events =
                    CouponFeed.merge(
                            events,
                            CouponFeed.of(
                                    couponRows,
                                    history,
                                    config.get(PipelineOptions.COUPONS_TOPIC)));
        }
        Map<String, Object> producer = new HashMap<>();
        KafkaProperties.passThrough(config).forEach((k, v) -> producer.put((String) k, v));
        producer.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
        HistoryPublisher.Summary published =
                new HistoryPublisher(producer)
                        .publish(
                                events,
                                PROGRESS_EVERY_EVENTS,
                                p ->
                                        out.printf(
                                                "published %,d change events (up to %s)%n",
                                                p.events(), p.eventTime()));
        out.printf(
                "published %,d change events of %,d orders %s, up to %s%n",
                published.events(),
                history.orders().size(),
                published.eventsPerTopic(),
                published.latestEventTime());
        return 0;
    }
}
