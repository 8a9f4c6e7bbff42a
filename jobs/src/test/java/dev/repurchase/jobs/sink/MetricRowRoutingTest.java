package dev.repurchase.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.state.StateTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Each metric row reaches its own table's sink and no other. */
class MetricRowRoutingTest {

    private static MetricRow rowOf(MetricTable table, String value) {
        MetricKey key = new MetricKey();
        key.table = table;
        key.value = value;
        return new MetricRow(key, new long[] {1});
    }

    @Test
    void eachRowLeavesOnItsTablesSideOutputOnly() throws Exception {
        List<MetricRow> rows = new ArrayList<>();
        for (MetricTable table : MetricTable.values()) {
            rows.add(rowOf(table, "first"));
            rows.add(rowOf(table, "second"));
        }
        try (OneInputStreamOperatorTestHarness<MetricRow, MetricRow> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new MetricRowRouting())) {
            for (MetricRow row : rows) {
                harness.processElement(row, 0);
            }

            assertThat(harness.extractOutputValues()).isEmpty();
            for (MetricTable table : MetricTable.values()) {
                ConcurrentLinkedQueue<StreamRecord<MetricRow>> routed =
                        harness.getSideOutput(MetricRowRouting.of(table));
                assertThat(routed)
                        .as(table.name())
                        .extracting(
                                record ->
                                        record.getValue().key.table
                                                + "/"
                                                + record.getValue().key.value)
                        .containsExactly(table + "/first", table + "/second");
            }
        }
    }

    @Test
    void eachTablesSinkReadsOneSideOutputOfTheRouting() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ContractSinks(new Configuration())
                .metricRows(env.fromData(StateTypes.METRIC_ROW, rowOf(MetricTable.EXCLUSION, "x")));
        StreamGraph graph = env.getStreamGraph();

        StreamNode routing = node(graph, "Metric rows by table");
        assertThat(routing.getOutEdges()).hasSize(MetricTable.values().length);
        for (MetricTable table : MetricTable.values()) {
            StreamNode sink =
                    node(graph, "JDBC " + MetricTableStatement.tableName(table) + ": Writer");
            assertThat(sink.getInEdges()).hasSize(1);
            StreamEdge input = sink.getInEdges().get(0);
            assertThat(input.getSourceId()).isEqualTo(routing.getId());
            assertThat(input.getOutputTag()).isEqualTo(MetricRowRouting.of(table));
        }
    }

    private static StreamNode node(StreamGraph graph, String name) {
        return graph.getStreamNodes().stream()
                .filter(node -> node.getOperatorName().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no operator '"
                                                + name
                                                + "' in "
                                                + graph.getStreamNodes().stream()
                                                        .map(StreamNode::getOperatorName)
                                                        .toList()));
    }
}
