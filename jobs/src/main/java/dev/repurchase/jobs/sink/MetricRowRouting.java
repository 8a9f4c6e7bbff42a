package dev.repurchase.jobs.sink;

import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.state.StateTypes;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Routes each metric row to the side output of its table ({@link #of}), so that each table's sink
 * receives its own rows only: one look-up per row instead of every row offered to a filter per
 * table. The main output stays empty.
 */
public class MetricRowRouting extends ProcessFunction<MetricRow, MetricRow> {

    private static final Map<MetricTable, OutputTag<MetricRow>> TABLES =
            new EnumMap<>(MetricTable.class);

    static {
        for (MetricTable table : MetricTable.values()) {
            TABLES.put(
                    table,
                    new OutputTag<>(
                            "rows-" + MetricTableStatement.tableName(table),
                            StateTypes.METRIC_ROW));
        }
    }

    /** The side output carrying the rows of {@code table}. */
    public static OutputTag<MetricRow> of(MetricTable table) {
        return TABLES.get(table);
    }

    @Override
    public void processElement(MetricRow row, Context ctx, Collector<MetricRow> out) {
        ctx.output(TABLES.get(row.key.table), row);
    }
}
