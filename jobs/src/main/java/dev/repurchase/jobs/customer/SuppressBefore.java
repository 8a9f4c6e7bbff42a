package dev.repurchase.jobs.customer;

import dev.repurchase.common.customer.CustomerSettings;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The instant {@code reminders.suppress-before} stands for, kept in operator state so that its
 * default (the job's start minus one day) is that of the job's first start: a restart or an upgrade
 * from a checkpoint or savepoint starts later, and a moving default would judge the triggers due in
 * between again (a reminder SENT before the failure SUPPRESSED after it, or the reverse). An
 * explicit option always wins, and is kept as the value for later starts without it.
 */
public final class SuppressBefore {

    /** Union list state: after a change of parallelism every subtask sees the value. */
    public static final ListStateDescriptor<Long> STATE =
            new ListStateDescriptor<>("suppress-before", Types.LONG);

    private SuppressBefore() {}

    /** The instant (epoch ms) in force for this run, stored for the next checkpoint. */
    static long resolve(FunctionInitializationContext context, CustomerSettings settings)
            throws Exception {
        return resolve(context, settings.suppressBefore(), settings.suppressBeforeIsDefault());
    }

    /**
     * The instant (epoch ms) in force for this run of an operator that keeps it too, stored for the
     * next checkpoint.
     *
     * @param isDefault whether {@code suppressBefore} is the default rather than the option
     */
    public static long resolve(
            FunctionInitializationContext context, long suppressBefore, boolean isDefault)
            throws Exception {
        ListState<Long> state = context.getOperatorStateStore().getUnionListState(STATE);
        if (isDefault) {
            // Every subtask kept the same instant; the minimum picks one of them.
            long kept = Long.MAX_VALUE;
            for (Long restored : state.get()) {
                kept = Math.min(kept, restored);
            }
            if (kept != Long.MAX_VALUE) {
                suppressBefore = kept;
            }
        }
        state.update(List.of(suppressBefore));
        return suppressBefore;
    }
}
