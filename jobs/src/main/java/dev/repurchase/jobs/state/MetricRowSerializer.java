package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCode;
import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLongs;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeCode;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLongs;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.jobs.aggregate.MetricRow;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An aggregated row (state of the campaign_effect gate, and the stream of metric rows). Version 1:
 * the key's table, period type, period start, dimension, value, offset; then the values.
 *
 * <p>The key is written here field by field, as part of a value: where {@link MetricKey} is itself
 * a state key it keeps its POJO serializer (see {@link StateTypes}).
 */
public final class MetricRowSerializer extends VersionedSerializer<MetricRow> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final MetricRowSerializer INSTANCE = new MetricRowSerializer(VERSION);

    private static final MetricTable[] TABLES = {
        MetricTable.METRIC_PERIOD,
        MetricTable.COHORT_RETENTION,
        MetricTable.FIRST_REPEAT_CYCLE,
        MetricTable.CATEGORY_CYCLE,
        MetricTable.EXCLUSION,
        MetricTable.LIFECYCLE_STAGE_COUNT,
        MetricTable.SEGMENT_STAT,
        MetricTable.CAMPAIGN_MONTH,
        MetricTable.BASELINE_MONTH,
        MetricTable.CAMPAIGN_EFFECT,
        MetricTable.COUPON_STAT,
        // Appended: version 1 rows never hold it.
        MetricTable.REFERRAL_STAT
    };
    private static final PeriodType[] PERIOD_TYPES = {
        PeriodType.DAY, PeriodType.WEEK, PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR
    };

    private MetricRowSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<MetricRow> typeClass() {
        return MetricRow.class;
    }

    @Override
    protected MetricRowSerializer readingVersion(int version) {
        return new MetricRowSerializer(version);
    }

    @Override
    public MetricRow createInstance() {
        return new MetricRow();
    }

    @Override
    protected void write(MetricRow row, DataOutputView out) throws IOException {
        writeKey(row.key, out);
        writeLongs(out, row.values);
    }

    @Override
    protected MetricRow read(DataInputView in, int version) throws IOException {
        MetricRow row = new MetricRow();
        row.key = readKey(in);
        row.values = readLongs(in);
        return row;
    }

    /**
     * Version 1 of a row's key or null, field by field; also how a metric delta travels ({@link
     * dev.repurchase.jobs.wire.MetricDeltaSerializer}).
     */
    public static void writeKey(MetricKey key, DataOutputView out) throws IOException {
        out.writeBoolean(key != null);
        if (key != null) {
            writeCode(out, key.table, TABLES);
            writeCode(out, key.periodType, PERIOD_TYPES);
            writeInt(out, key.periodStart);
            writeString(out, key.dimension);
            writeString(out, key.value);
            writeInt(out, key.offset);
        }
    }

    public static MetricKey readKey(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        MetricKey key = new MetricKey();
        key.table = readCode(in, TABLES);
        key.periodType = readCode(in, PERIOD_TYPES);
        key.periodStart = readInt(in);
        key.dimension = readString(in);
        key.value = readString(in);
        key.offset = readInt(in);
        return key;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<MetricRow> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
