package dev.repurchase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Bad arguments of {@code demo} end in a one-line error and exit code 2, before anything starts.
 */
class DemoCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RepurchaseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void demoIsACommandOfTheCli() {
        assertThat(RepurchaseCli.commandLine().getSubcommands()).containsKey("demo");
    }

    @Test
    void speedMustBePositive() {
        assertThat(run("demo", "--speed", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--speed must be positive");
    }

    @Test
    void durationIsReadLikeFlinkDurations() {
        DemoCommand.DurationConverter converter = new DemoCommand.DurationConverter();

        assertThat(converter.convert("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(converter.convert("90 s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(run("demo", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is no duration");
    }

    @Test
    void ordersWithoutItemsIsAnError() {
        assertThat(run("demo", "--orders", "orders.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("--orders and --items go together");
    }

    @Test
    void ordersAndItemsReplayLikeTheReplayCommand() {
        assertThat(run("demo", "--orders", "nope.csv", "--items", "nope-items.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("--orders: cannot read file 'nope.csv'");
    }
}
