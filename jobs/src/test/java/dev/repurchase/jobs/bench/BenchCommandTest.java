package dev.repurchase.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
        assertThat(BenchPlan.quick().sizes()).hasSize(1);
        assertThat(BenchPlan.quick().headline().customers()).isEqualTo(10_000);
        assertThat(BenchPlan.full(false).headline().customers()).isEqualTo(1_000_000);
        assertThat(BenchPlan.full(true).sizes()).hasSize(3);
    }
}
