package dev.repurchase.cli.debezium;

import dev.repurchase.cli.debezium.ShopOrder.Line;
import dev.repurchase.jobs.sink.SchemaInstaller;
import dev.repurchase.jobs.testing.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The order system's story for the CDC tests: a generated year of orders with a few named customers
 * (the snapshot), then what happens while the changes stream (payments, a shipment, changed lines,
 * new orders, a refund after the fact, a purged order), and the batch SQL over the final tables as
 * the reference.
 */
final class ShopStory {

    // The story's customers and moments, apart from the generated history.
    private static final OffsetDateTime ALICE_FIRST = at("2025-01-10T08:15:00Z");
    private static final OffsetDateTime ALICE_SECOND = at("2025-03-02T12:40:00Z");
    private static final OffsetDateTime CAROL_PAID = at("2025-02-14T19:05:00Z");
    private static final OffsetDateTime BOB_CHECKOUT = at("2025-04-01T15:59:30Z");
    private static final OffsetDateTime DAVE_CHECKOUT = at("2025-05-05T10:00:00Z");
    private static final OffsetDateTime LATER = at("2025-06-01T09:00:00Z");

    private ShopStory() {}

    /** The generated year plus the orders the story changes while Debezium streams. */
    static List<ShopOrder> history() {
        List<ShopOrder> orders = new ArrayList<>(ShopHistory.generate(20261126L));
        orders.add(
                ShopOrder.paid(
                        "o-alice-1",
                        "c-alice",
                        "COMPLETED",
                        ALICE_FIRST,
                        "app",
                        "east",
                        "new-year",
                        List.of(line("beans-ethiopia-250g", "coffee", 2, "89.00"))));
        orders.add(
                ShopOrder.paid(
                        "o-alice-2",
                        "c-alice",
                        "DELIVERED",
                        ALICE_SECOND,
                        "app",
                        "east",
                        null,
                        List.of(
                                line("beans-colombia-250g", "coffee", 1, "75.50"),
                                line("mug-white", "mugs", 2, "29.90"))));
        orders.add(
                ShopOrder.paid(
                        "o-carol-1",
                        "c-carol",
                        "PAID",
                        CAROL_PAID.minusMinutes(3),
                        "web",
                        "south",
                        null,
                        List.of(line("oolong-100g", "tea", 2, "45.00"))));
        orders.add(
                ShopOrder.pending(
                        "o-bob-1",
                        "c-bob",
                        BOB_CHECKOUT,
                        "mini-program",
                        "north",
                        List.of(
                                line("green-tea-100g", "tea", 1, "38.00"),
                                line("butter-cookies", "snacks", 2, "12.90"))));
        orders.add(
                ShopOrder.pending(
                        "o-dave-1",
                        "c-dave",
                        DAVE_CHECKOUT,
                        "web",
                        "west",
                        List.of(line("drip-bags-10", "coffee", 4, "39.90"))));
        return orders;
    }

    private static ShopOrder aliceThirdOrder() {
        return ShopOrder.paid(
                "o-alice-3",
                "c-alice",
                "PAID",
                LATER,
                "app",
                "east",
                null,
                List.of(line("beans-ethiopia-250g", "coffee", 1, "89.00")));
    }

    private static ShopOrder erinFirstOrder() {
        return ShopOrder.paid(
                "o-erin-1",
                "c-erin",
                "PAID",
                LATER.plusHours(5),
                "store",
                "west",
                "summer-tasting",
                List.of(
                        line("mixed-nuts", "snacks", 1, "25.00"),
                        line("paper-filters-100", "filters", 3, "9.90")));
    }

    /**
     * The live part of the story, one transaction per business action; returns the rows changed
     * (the change events a CDC source captures).
     */
    static int liveChanges(OrderSystem shop) throws Exception {
        int changedRows = 0;
        changedRows += shop.changeQuantity("o-bob-1", 1, 3, BOB_CHECKOUT.plusMinutes(1));
        changedRows += shop.pay("o-bob-1", BOB_CHECKOUT.plusMinutes(2));
        changedRows += shop.ship("o-carol-1", CAROL_PAID.plusDays(1));
        changedRows += shop.place(List.of(aliceThirdOrder(), erinFirstOrder()));
        // Alice's first order is refunded after her second and third: they move up a place.
        changedRows += shop.refund("o-alice-1", LATER.plusDays(2));
        changedRows += shop.delete("o-dave-1");
        return changedRows;
    }

    /**
     * The reference: the order system's final tables copied into the batch inputs in {@code
     * batchSchema} (PostgreSQL), then the batch SQL with the job's settings (the time zone; every
     * other option at its default).
     */
    static void batchReference(OrderSystem shop, String batchSchema, String timezone)
            throws Exception {
        batchReference(shop, batchSchema, timezone, null);
    }

    /**
     * {@link #batchReference(OrderSystem, String, String)} as of {@code asOf}, the job's end of
     * event time (null: the latest change of the orders), of which the learned category cycles
     * depend (SPEC 4.1).
     */
    static void batchReference(
            OrderSystem shop, String batchSchema, String timezone, java.time.Instant asOf)
            throws Exception {
        try (Connection c = TestPostgres.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + batchSchema);
            }
            SchemaInstaller.runScript(c, "sql/099_batch_inputs.sql");
            SchemaInstaller.install(c);
            shop.copyTablesInto(c);
            try (PreparedStatement s =
                    c.prepareStatement(
                            "INSERT INTO batch_settings (timezone, as_of)"
                                    + " VALUES (?, CAST(? AS TIMESTAMPTZ))")) {
                s.setString(1, timezone);
                s.setString(2, asOf == null ? null : asOf.toString());
                s.executeUpdate();
            }
            SchemaInstaller.runScript(c, "sql/100_batch_metrics.sql");
        }
    }

    private static Line line(String sku, String category, int quantity, String unitPrice) {
        return new Line(sku, category, quantity, new BigDecimal(unitPrice));
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
