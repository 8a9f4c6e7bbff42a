package dev.repurchase.common.cdc;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where a change stands in the source database's log, so that the versions of one row can be
 * ordered whatever order they arrive in: commit time first, then the log position (PostgreSQL LSN,
 * or MySQL binlog file index and offset), then the row's index within the event.
 *
 * <p>A Flink POJO: it travels inside {@link dev.repurchase.common.order.OrderChange}.
 */
public class SourcePosition implements Comparable<SourcePosition> {

    private static final Comparator<SourcePosition> ORDER =
            Comparator.comparingLong((SourcePosition p) -> p.commitMillis)
                    .thenComparingLong(p -> p.logPosition)
                    .thenComparingLong(p -> p.rowIndex);

    /** Commit time of the change in the source database, epoch milliseconds. */
    public long commitMillis;

    /** Position in the source log (LSN, or binlog file index << 32 | offset); 0 if unknown. */
    public long logPosition;

    /** Index of the row within one log event (several rows can share a position). */
    public long rowIndex;

    public SourcePosition() {}

    public SourcePosition(long commitMillis, long logPosition, long rowIndex) {
        this.commitMillis = commitMillis;
        this.logPosition = logPosition;
        this.rowIndex = rowIndex;
    }

    @Override
    public int compareTo(SourcePosition other) {
        return ORDER.compare(this, other);
    }

    /** True if this change comes strictly after {@code other} in the source log. */
    public boolean isAfter(SourcePosition other) {
        return other == null || compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcePosition && compareTo((SourcePosition) o) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(commitMillis, logPosition, rowIndex);
    }

    @Override
    public String toString() {
        return commitMillis + "/" + logPosition + "/" + rowIndex;
    }
}
