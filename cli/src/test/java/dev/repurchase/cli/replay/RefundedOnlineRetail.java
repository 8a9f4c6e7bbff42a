package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Online Retail history ({@link OnlineRetail}) with what its invoices do not show: the order
 * system's changes after the fact. Each invoice of a customer becomes an order created at its
 * InvoiceDate whose fate is drawn from its order id (the same in every run):
 *
 * <ul>
 *   <li>4 % are never paid (PENDING_PAYMENT) and 4 % are cancelled unpaid 1 to 30 hours later;
 *   <li>the others are paid 1 to 12 hours after the order, shipped 1 to 2 days after payment and
 *       delivered 1 to 3 days after that;
 *   <li>of those, 8 % are refunded in full and 6 % in part (10 to 50 % of the amount), 3 to 42 days
 *       after delivery; the rest are completed 1 to 7 days after delivery.
 * </ul>
 *
 * Cancellation invoices ('C', refunded at once) and invoices without a customer stay as they are.
 */
public final class RefundedOnlineRetail {

    private static final long SEED = 20261206L;
    private static final double UNPAID = 0.04;
    private static final double CANCELLED = UNPAID + 0.04;
    private static final double REFUNDED = CANCELLED + 0.08;
    private static final double PARTIALLY_REFUNDED = REFUNDED + 0.06;
    private static final BigDecimal TWO_CENTS = new BigDecimal("0.02");

    /** Every this many change events one is delivered twice, as a relay retrying a send does. */
    private static final int DUPLICATE_EVERY = 7;

    private RefundedOnlineRetail() {}

    /**
     * The invoices dated in {@code [from, until)}, with their later changes (which may be later).
     */
    public static OrderHistory read(Path gz, Instant from, Instant until) throws IOException {
        OrderHistory invoices = OnlineRetail.read(gz, from, until);
        List<OrderRow> orders = new ArrayList<>();
        for (OrderRow invoice : invoices.orders()) {
            orders.add(revised(invoice));
        }
        return new OrderHistory(orders, invoices.items());
    }

    /**
     * The change feed of {@code history}, every {@value #DUPLICATE_EVERY}th event twice in a row.
     */
    public static List<ChangeEvent> withDuplicates(OrderHistory history) {
        List<ChangeEvent> events = new ArrayList<>();
        int position = 0;
        for (ChangeEvent event : DebeziumChangeFeed.of(history)) {
            events.add(event);
            if (++position % DUPLICATE_EVERY == 0) {
                events.add(event);
            }
        }
        return events;
    }

    private static OrderRow revised(OrderRow invoice) {
        if (invoice.customerId() == null || invoice.status() != OrderStatus.COMPLETED) {
            return invoice;
        }
        SplittableRandom random = new SplittableRandom(SEED ^ invoice.orderId().hashCode());
        double fate = random.nextDouble();
        Instant created = invoice.createdAt();
        if (fate < UNPAID) {
            return row(invoice, OrderStatus.PENDING_PAYMENT, null, null, null, null, null, created);
        }
        if (fate < CANCELLED) {
            Instant cancelled = created.plus(hours(random, 1, 30));
            return row(
                    invoice, OrderStatus.CANCELLED, null, null, null, cancelled, null, cancelled);
        }
        Instant paid = created.plus(hours(random, 1, 12));
        Instant shipped = paid.plus(hours(random, 24, 48));
        Instant delivered = shipped.plus(hours(random, 24, 72));
        if (fate < REFUNDED) {
            Instant refunded = delivered.plus(hours(random, 3 * 24, 42 * 24));
            return row(
                    invoice,
                    OrderStatus.REFUNDED,
                    paid,
                    shipped,
                    delivered,
                    null,
                    invoice.totalAmount(),
                    refunded);
        }
        if (fate < PARTIALLY_REFUNDED && invoice.totalAmount().compareTo(TWO_CENTS) >= 0) {
            Instant refunded = delivered.plus(hours(random, 3 * 24, 42 * 24));
            return row(
                    invoice,
                    OrderStatus.PARTIALLY_REFUNDED,
                    paid,
                    shipped,
                    delivered,
                    null,
                    partOf(invoice.totalAmount(), random),
                    refunded);
        }
        Instant completed = delivered.plus(hours(random, 24, 7 * 24));
        return row(invoice, OrderStatus.COMPLETED, paid, shipped, delivered, null, null, completed);
    }

    /** 10 to 50 % of {@code total}, at least a cent and a cent short of it. */
    private static BigDecimal partOf(BigDecimal total, SplittableRandom random) {
        BigDecimal share = BigDecimal.valueOf(10 + random.nextInt(41), 2);
        BigDecimal part = total.multiply(share).setScale(2, RoundingMode.HALF_UP);
        BigDecimal cent = new BigDecimal("0.01");
        return part.max(cent).min(total.subtract(cent));
    }

    /** A whole number of hours in {@code [min, max)}, with a random minute. */
    private static Duration hours(SplittableRandom random, int min, int max) {
        return Duration.ofHours(random.nextInt(min, max)).plusMinutes(random.nextInt(60));
    }

    private static OrderRow row(
            OrderRow invoice,
            OrderStatus status,
            Instant paid,
            Instant shipped,
            Instant delivered,
            Instant cancelled,
            BigDecimal refunded,
            Instant updated) {
        return new OrderRow(
                invoice.orderId(),
                invoice.customerId(),
                status,
                invoice.totalAmount(),
                invoice.currency(),
                invoice.channel(),
                invoice.region(),
                invoice.campaignId(),
                invoice.couponId(),
                invoice.createdAt(),
                paid,
                shipped,
                delivered,
                invoice.promisedDeliveryAt(),
                cancelled,
                refunded,
                invoice.customerPhone(),
                invoice.customerEmail(),
                updated,
                null,
                null,
                null);
    }
}
