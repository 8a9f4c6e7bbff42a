package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay --customers: the customers table (SPEC 8.1) as Debezium changes. */
class CustomerFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant REGISTERED = Instant.parse("2025-01-01T08:00:00Z");
    private static final Instant CHANGED = Instant.parse("2025-03-01T00:00:00Z");

    @Test
    void eachRowIsInsertedAtItsRegistrationAndLaterVersionsFollow() throws Exception {
        CustomerRecord bob = new CustomerRecord("bob", "ann", REGISTERED);
        CustomerRecord moved = new CustomerRecord("bob", "kim", REGISTERED);
        CustomerFeed feed =
                CustomerFeed.of(List.of(bob), "customers")
                        .with(List.of(new CustomerFeed.Version(CHANGED, bob, moved)));

        List<ChangeEvent> events = new ArrayList<>();
        feed.forEach(events::add);

        assertThat(events).extracting(ChangeEvent::topic).containsOnly("customers");
        assertThat(events).extracting(ChangeEvent::eventTime).containsExactly(REGISTERED, CHANGED);
        JsonNode insert = JSON.readTree(events.get(0).value());
        JsonNode update = JSON.readTree(events.get(1).value());
        assertThat(insert.get("op").asText()).isEqualTo("c");
        assertThat(insert.get("source").get("table").asText()).isEqualTo("customers");
        assertThat(insert.get("after").get("registered_at").asText())
                .isEqualTo(REGISTERED.toString());
        assertThat(update.get("op").asText()).isEqualTo("u");
        assertThat(update.get("before").get("referrer_id").asText()).isEqualTo("ann");
        assertThat(update.get("after").get("referrer_id").asText()).isEqualTo("kim");
    }

    @Test
    void readsACustomersCsvAndNamesTheLineOfAProblem(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("customers.csv");
        Files.writeString(
                csv,
                "customer_id,referrer_id,registered_at\n"
                        + "ann,,2025-01-01T08:00:00Z\n"
                        + "bob,ann,2025-01-01 08:00:00\n");

        assertThat(CustomerFeed.read(csv))
                .containsExactly(
                        new CustomerRecord("ann", null, REGISTERED),
                        new CustomerRecord("bob", "ann", REGISTERED));

        Files.writeString(
                csv,
                "customer_id,referrer_id,registered_at\n"
                        + "ann,,2025-01-01T08:00:00Z\n"
                        + "ann,bob,2025-01-02T08:00:00Z\n");
        assertThatThrownBy(() -> CustomerFeed.read(csv))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining(":3")
                .hasMessageContaining("appears twice");
    }
}
