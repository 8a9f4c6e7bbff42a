package dev.repurchase.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** docs/options.md's options table is the one generated from the {@code ConfigOption}s. */
class OptionsTableTest {

    private static final String REGENERATE =
            "docs/options.md's options table differs from the options: regenerate it with"
                    + " ./mvnw -q package -DskipTests && java -cp cli/target/repurchase.jar"
                    + " dev.repurchase.jobs.config.OptionsTable --write docs/options.md";

    @Test
    void optionsPageHoldsExactlyTheGeneratedTable() throws Exception {
        String page = Files.readString(repositoryRoot().resolve("docs/options.md"));

        assertThat(OptionsTable.tableIn(page)).as(REGENERATE).isEqualTo(OptionsTable.markdown());
    }

    @Test
    void everyOptionOfTheConfigPackagesIsInTheTable() {
        assertThat(OptionsTable.optionClasses())
                .contains(RepurchaseOptions.class, LifecycleOptions.class, PipelineOptions.class);
        assertThat(OptionsTable.options())
                .extracting(ConfigOption::key)
                .contains(
                        RepurchaseOptions.TIMEZONE.key(),
                        LifecycleOptions.SUPPRESS_BEFORE.key(),
                        PipelineOptions.WATERMARK_QUIET_ADVANCE.key())
                .isSorted()
                .doesNotHaveDuplicates();
        String table = OptionsTable.markdown();
        assertThat(table.lines())
                .hasSize(OptionsTable.options().size() + 2)
                .allSatisfy(line -> assertThat(line).startsWith("|").endsWith("|"));
    }

    @Test
    void defaultsAreWrittenAsTheyAreConfigured() {
        String table = OptionsTable.markdown();

        assertThat(table)
                .contains("| `timezone` | `UTC` | Business time zone")
                .contains("| `metrics.period-types` | `DAY;WEEK;MONTH;QUARTER;YEAR` |")
                .contains("| `sink.flush-interval` | `1 s` |")
                .contains("| `watermark.quiet-advance-after` | `1 min` |")
                .contains("| `rules.excluded-customers` | (none) |");
    }

    @Test
    void writingReplacesOnlyTheTableBetweenTheMarkers() {
        String text =
                "# Title\n\nprose before\n\n"
                        + OptionsTable.BEGIN
                        + "\n| old |\n"
                        + OptionsTable.END
                        + "\n\nprose after\n";

        String written = OptionsTable.replaceTable(text, "| new |\n");

        assertThat(written)
                .isEqualTo(
                        "# Title\n\nprose before\n\n"
                                + OptionsTable.BEGIN
                                + "\n| new |\n"
                                + OptionsTable.END
                                + "\n\nprose after\n");
        assertThat(OptionsTable.tableIn(written)).isEqualTo("| new |\n");
        assertThatThrownBy(() -> OptionsTable.replaceTable("no markers", "| new |\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (with mvnw) above the work dir");
        }
        return dir;
    }
}
