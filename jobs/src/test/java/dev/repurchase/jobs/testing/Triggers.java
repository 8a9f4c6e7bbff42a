package dev.repurchase.jobs.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The triggers a run left: its {@code trigger_log} rows and the reminders delivered on Kafka. */
public final class Triggers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Triggers() {}

    /**
     * The rows of {@code schema.trigger_log} as "trigger_id | type | customer_id | due_at |
     * status": what must not depend on failures and restarts.
     */
    public static Set<String> log(String schema) throws Exception {
        return query(
                "SELECT trigger_id || ' | ' || type || ' | ' || customer_id || ' | '"
                        + " || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
                        + " || ' | ' || status FROM "
                        + schema
                        + ".trigger_log");
    }

    /** The trigger ids of the reminders {@code schema.trigger_log} holds as SENT. */
    public static Set<String> sentReminderIds(String schema) throws Exception {
        return query(
                "SELECT trigger_id FROM "
                        + schema
                        + ".trigger_log WHERE status = 'SENT'"
                        + " AND type IN ('REPLENISH_REMINDER', 'OVERDUE_FOLLOW_UP')");
    }

    /** The trigger ids of the messages a read_committed consumer reads from {@code topic}. */
    public static List<String> deliveredIds(String bootstrapServers, String topic) {
        return CommittedMessages.readAll(bootstrapServers, topic).stream()
                .map(
                        record -> {
                            try {
                                return JSON.readTree(record.value()).get("trigger_id").asText();
                            } catch (java.io.IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                .toList();
    }

    private static Set<String> query(String sql) throws Exception {
        Set<String> rows = new TreeSet<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
