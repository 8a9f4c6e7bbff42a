package dev.repurchase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad arguments and unreadable files end in a one-line error and a non-zero exit. */
class ReplayCommandTest {

    @TempDir Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RepurchaseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertThat(run("replay", "--orders", "orders.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--items");
    }

    @Test
    void unreadableFileIsNamed() {
        assertThat(run("replay", "--orders", "nope.csv", "--items", "nope-items.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("--orders: cannot read file 'nope.csv'");
    }

    @Test
    void malformedHistoryGivesOneLineWithFileAndLine() throws Exception {
        Path orders = Files.writeString(dir.resolve("orders.csv"), "order_id,status\nx,PAID\n");
        Path items = Files.writeString(dir.resolve("items.csv"), "order_id,line_no\n");

        assertThat(run("replay", "--orders", orders.toString(), "--items", items.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("orders.csv");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void badSetOptionIsRejected() throws Exception {
        Path orders = Files.writeString(dir.resolve("orders.csv"), "order_id\n");
        Path items = Files.writeString(dir.resolve("items.csv"), "order_id\n");

        assertThat(
                        run(
                                "replay",
                                "--orders",
                                orders.toString(),
                                "--items",
                                items.toString(),
                                "--set",
                                "novalue"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("expected 'key=value'");
    }
}
