package dev.repurchase.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.commons.lang3.reflect.FieldUtils;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.junit.jupiter.api.Test;

/**
 * The cluster job submitted as {@code flink run -Dkey=value repurchase-flink-job.jar [args]} does
 * it: Flink's client runs {@link RepurchaseJob#main} with the Flink configuration in its context
 * environment, and the job graph goes to an executor. Here the executor keeps the graph instead of
 * sending it to a cluster.
 */
class RepurchaseJobSubmissionTest {

    /** Nothing listens there: connecting would fail the submission. */
    private static final String UNREACHABLE_DATABASE = "jdbc:postgresql://127.0.0.1:1/analytics";

    private final List<StreamGraph> submitted = new ArrayList<>();

    @Test
    void dashDOptionsOfFlinkRunTakeEffect() throws Exception {
        Configuration flink = flinkRun();
        flink.setString("kafka.topic.orders", "shop.public.orders");
        flink.setString("kafka.topic.order-items", "shop.public.order_items");

        submit(flink);

        assertThat(sourceTopics())
                .accepts("shop.public.orders", "shop.public.order_items")
                .rejects("orders", "order_items");
    }

    @Test
    void setArgumentsGoOverDashD() throws Exception {
        Configuration flink = flinkRun();
        flink.setString("kafka.topic.orders", "shop.public.orders");

        submit(flink, "--set", "kafka.topic.orders=other.orders");

        assertThat(sourceTopics()).accepts("other.orders").rejects("shop.public.orders");
    }

    @Test
    void submittingNeedsNoDatabaseAccess() throws Exception {
        Configuration flink = flinkRun();
        flink.setString("jdbc.create-tables", "true");

        submit(flink);

        assertThat(submitted).hasSize(1);
        assertThat(submitted.get(0).getStreamNodes())
                .extracting(StreamNode::getOperatorName)
                .contains("JDBC customer_profile: Writer", "JDBC trigger_log: Writer");
    }

    @Test
    void aMistypedDashDStopsTheSubmission() {
        Configuration flink = flinkRun();
        flink.setString("kafka.topic.order_items", "shop.public.order_items");

        assertThatThrownBy(() -> submit(flink))
                .rootCause()
                .hasMessageContaining("'kafka.topic.order_items'")
                .hasMessageContaining("did you mean 'kafka.topic.order-items'");
        assertThat(submitted).isEmpty();
    }

    private Configuration flinkRun() {
        Configuration flink = new Configuration();
        flink.set(DeploymentOptions.TARGET, KeepGraph.NAME);
        flink.setString("jdbc.url", UNREACHABLE_DATABASE);
        return flink;
    }

    private void submit(Configuration flink, String... args) throws Exception {
        PackagedProgram program =
                PackagedProgram.newBuilder()
                        .setEntryPointClassName(RepurchaseJob.class.getName())
                        .setArguments(args)
                        .setConfiguration(flink)
                        .build();
        try {
            ClientUtils.executeProgram(new KeepGraph(submitted), flink, program, true, false);
        } catch (ProgramInvocationException e) {
            // The executor ends the program once it has the graph.
            if (!(ExceptionUtils.getRootCause(e) instanceof Submitted)) {
                throw e;
            }
        }
    }

    /** The topics the CDC source reads: its subscription pattern, as its lineage names it. */
    private Predicate<String> sourceTopics() throws IllegalAccessException {
        assertThat(submitted).hasSize(1);
        StreamNode source =
                submitted.get(0).getStreamNodes().stream()
                        .filter(node -> node.getOperatorName().contains("CDC topics"))
                        .findFirst()
                        .orElseThrow();
        KafkaSource<?> kafka =
                (KafkaSource<?>)
                        FieldUtils.readField(
                                (SourceOperatorFactory<?>) source.getOperatorFactory(),
                                "source",
                                true);
        List<Pattern> patterns =
                kafka.getLineageVertex().datasets().stream()
                        .map(LineageDataset::name)
                        .map(Pattern::compile)
                        .toList();
        return topic -> patterns.stream().anyMatch(p -> p.matcher(topic).matches());
    }

    /** An executor that keeps the job graph and submits nothing. */
    private record KeepGraph(List<StreamGraph> graphs) implements PipelineExecutorServiceLoader {

        static final String NAME = "keep-graph";

        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return new PipelineExecutorFactory() {
                @Override
                public String getName() {
                    return NAME;
                }

                @Override
                public boolean isCompatibleWith(Configuration configuration) {
                    return true;
                }

                @Override
                public PipelineExecutor getExecutor(Configuration configuration) {
                    return (Pipeline pipeline, Configuration config, ClassLoader loader) -> {
                        graphs.add((StreamGraph) pipeline);
                        return CompletableFuture.<JobClient>failedFuture(new Submitted());
                    };
                }
            };
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(NAME);
        }
    }

    private static final class Submitted extends Exception {}
}
