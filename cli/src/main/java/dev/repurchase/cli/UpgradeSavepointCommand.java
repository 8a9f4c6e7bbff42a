package dev.repurchase.cli;

import dev.repurchase.jobs.upgrade.SavepointUpgrade;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Upgrades a savepoint of an earlier state version on this machine (docs/operations.md, "State
 * versions").
 */
@Command(
        name = "upgrade-savepoint",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a savepoint of state version 1 or 2 as one of state version 3, which this"
                    + " version of the job restores. The source savepoint stays as it is.",
            "On a cluster: flink run -c dev.repurchase.jobs.upgrade.SavepointUpgrade"
                    + " repurchase-flink-job.jar FROM TO"
        })
public final class UpgradeSavepointCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The savepoint directory (a path or a URI).")
    String from;

    @Parameters(index = "1", description = "The new savepoint's directory; must not exist.")
    String to;

    @Override
    public Integer call() throws Exception {
        SavepointUpgrade.upgrade(StreamExecutionEnvironment.createLocalEnvironment(1), from, to);
        System.out.println("wrote " + to + "; restore the job from it");
        return 0;
    }
}
