package dev.repurchase.jobs;

import dev.repurchase.jobs.config.ClusterDefaults;
import dev.repurchase.jobs.config.JobConfiguration;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.fault.FailureInjector;
import dev.repurchase.jobs.ingest.BoundedKafkaSource;
import dev.repurchase.jobs.ingest.CdcKafkaSource;
import dev.repurchase.jobs.ingest.CommitTimeWatermarks;
import dev.repurchase.jobs.ingest.DatabaseCdcSource;
import dev.repurchase.jobs.ingest.DecodedChange;
import dev.repurchase.jobs.ingest.SourceType;
import dev.repurchase.jobs.sink.ContractSinks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster job: {@code flink run [-Dkey=value ...] repurchase.jar [--config FILE] [--set
 * key=value ...]}, its options from any of the three ({@link JobConfiguration}). Reads the CDC
 * topics forever and keeps the contract tables up to date, with the fault-tolerance settings of
 * {@link ClusterDefaults} where neither the job's nor the cluster's configuration sets them.
 */
public final class RepurchaseJob {

    private static final Logger LOG = LoggerFactory.getLogger(RepurchaseJob.class);

    private RepurchaseJob() {}

    public static void main(String[] args) throws Exception {
        // The Flink configuration as the client sees it (config.yaml, -D, the Kubernetes
        // operator's flinkConfiguration).
        ReadableConfig flink =
                StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration();
        Configuration config = configure(args, flink);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        build(env, config, false);
        env.execute("Repurchase analytics");
    }

    /**
     * The job's configuration: its options from the Flink configuration, {@code --config FILE} and
     * {@code --set key=value} (each over the one before), and the fault-tolerance defaults where
     * none of them sets one.
     *
     * @param flink the Flink configuration as {@code flink run} hands it to the program
     * @throws IllegalArgumentException on unknown options, bad arguments or settings the
     *     exactly-once sinks cannot run with
     */
    public static Configuration configure(String[] args, ReadableConfig flink) throws Exception {
        Configuration config = parseArgs(args, flink);
        // The Flink configuration's settings win over the fault-tolerance defaults, the job's own
        // options over both.
        for (String applied : ClusterDefaults.apply(config, flink)) {
            LOG.info("Default {}", applied);
        }
        ClusterDefaults.validate(ClusterDefaults.effective(config, flink));
        return config;
    }

    /**
     * Defines the whole job on {@code env}: the source of changes (Kafka, or the order database),
     * the pipeline, the contract sinks. Connects to nothing: the sinks create their tables when
     * they open, on the cluster.
     *
     * @param bounded stop once the topics are read to their end offsets at start (a replay of
     *     history: event time then follows the history alone, without the quiet advance or
     *     idleness)
     */
    public static void build(StreamExecutionEnvironment env, Configuration config, boolean bounded)
            throws Exception {
        env.getConfig().disableGenericTypes();
        // Chained operators pass records on without a serializer copy. Safe, as no operator changes
        // a record it has emitted or received: every record is made fresh (the aggregators emit
        // new arrays and change none in place, CampaignEffects clones before it adds), receivers
        // that keep records (pre-aggregators, gates) copy or only read them, and the JDBC sinks
        // copy what they batch when reuse is on.
        env.getConfig().enableObjectReuse();
        // A bounded replay's event time follows its history alone: a partition read to its end
        // is finished, none is quiet.
        Duration quietAdvance =
                bounded ? Duration.ZERO : config.get(PipelineOptions.WATERMARK_QUIET_ADVANCE);
        Duration idleAfter =
                bounded ? Duration.ZERO : config.get(PipelineOptions.WATERMARK_IDLE_AFTER);
        WatermarkStrategy<DecodedChange> watermarks =
                CommitTimeWatermarks.strategy(
                        config.get(PipelineOptions.WATERMARK_OUT_OF_ORDERNESS),
                        quietAdvance,
                        idleAfter);
        SourceType sourceType = SourceType.of(config);
        DataStream<DecodedChange> changes;
        if (sourceType == SourceType.KAFKA) {
            KafkaSource<DecodedChange> kafka = CdcKafkaSource.create(config, bounded);
            // A bounded source restored from a checkpoint must end too (a resumed replay).
            Source<DecodedChange, ?, ?> source = bounded ? new BoundedKafkaSource<>(kafka) : kafka;
            changes = env.fromSource(source, watermarks, "CDC topics").uid("cdc-source");
        } else if (bounded) {
            throw new IllegalArgumentException(
                    "a replay reads Kafka; " + sourceType.label() + " reads the log for ever");
        } else {
            changes = DatabaseCdcSource.changes(env, config, sourceType, watermarks);
        }
        changes = FailureInjector.after(changes, config);
        new RepurchasePipeline(config, Instant.now()).build(changes, new ContractSinks(config));
    }

    private static Configuration parseArgs(String[] args, ReadableConfig flink) throws Exception {
        Path file = null;
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if ("--set".equals(args[i]) && i + 1 < args.length) {
                sets.add(args[++i]);
            } else {
                throw new IllegalArgumentException(
                        "usage: RepurchaseJob [--config FILE] [--set key=value]...; got "
                                + args[i]);
            }
        }
        return JobConfiguration.load(flink, file, sets);
    }
}
