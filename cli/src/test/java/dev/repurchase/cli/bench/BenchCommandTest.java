package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.replay.DebeziumChangeFeed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void helpNamesTheQuickMode() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("--quick").contains("BENCHMARKS.md");
    }

    @Test
    void quickPlanIsOneSmallSizeAndFullGoesToAMillionCustomers() {
        assertThat(BenchPlan.quick().refitSizes()).hasSize(1);
        assertThat(BenchPlan.quick().headline().customers()).isEqualTo(20_000);
        assertThat(BenchPlan.full(false).headline().customers()).isEqualTo(1_000_000);
        assertThat(BenchPlan.full(true).refitSizes()).hasSize(3);
    }

    @Test
    void bothPlansEndWithALongHistoryShopOfTwoYearsComparedWithAShortOne() {
        for (BenchPlan plan : List.of(BenchPlan.quick(), BenchPlan.full(false))) {
            BenchPlan.Size longHistory = plan.longHistory();
            assertThat(plan.sizes()).endsWith(longHistory);
            assertThat(longHistory.span()).isEqualTo(Duration.ofDays(730));
            assertThat(plan.shortHistory().span()).isLessThanOrEqualTo(Duration.ofDays(120));
            assertThat(plan.refitSizes()).doesNotContain(longHistory);
            assertThat(plan.runsBatch(longHistory)).isFalse();
        }
        assertThat(BenchPlan.full(false).longHistory().customers()).isEqualTo(100_000);
    }

    @Test
    void setOptionsGoOverTheBenchmarksOwnSettings() {
        Configuration job =
                LocalFlink.jobConfig(
                        "localhost:9092",
                        new DebeziumChangeFeed.Topics("orders", "order_items"),
                        "run",
                        "jdbc:postgresql://localhost/test",
                        2,
                        CheckpointingMode.EXACTLY_ONCE,
                        Duration.ofSeconds(10),
                        Path.of("work"),
                        null,
                        Map.of(
                                "execution.checkpointing.interval", "3 s",
                                "execution.buffer-timeout.interval", "10 ms"));

        assertThat(job.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(job.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(10));
    }
}
