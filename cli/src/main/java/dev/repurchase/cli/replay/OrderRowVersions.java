package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The versions an order row went through, reconstructed from its final row: the image inserted at
 * {@code created_at}, then one update at each later status time (paid, shipped, delivered,
 * cancelled), then the final row itself if it still differs (a refund, a status without a time).
 *
 * <p>Each image shows the row as it stood then: status times still in the future are empty, the
 * status is the one of the latest status time reached (PENDING_PAYMENT before any), nothing is
 * refunded yet, and {@code updated_at} is the version's time (if the history has one at all).
 * Changes at the same instant are one version, as one transaction would write them.
 */
final class OrderRowVersions {

    /** One image of the row and when it was written. */
    record Version(Instant at, OrderRow image) {}

    /** A time column and the status it sets. */
    private record StatusTime(Function<OrderRow, Instant> column, OrderStatus status) {}

    /** In lifecycle order: of two status times at the same instant, the later one wins. */
    private static final List<StatusTime> STATUS_TIMES =
            List.of(
                    new StatusTime(OrderRow::paidAt, OrderStatus.PAID),
                    new StatusTime(OrderRow::shippedAt, OrderStatus.SHIPPED),
                    new StatusTime(OrderRow::deliveredAt, OrderStatus.DELIVERED),
                    new StatusTime(OrderRow::cancelledAt, OrderStatus.CANCELLED));

    private OrderRowVersions() {}

    /** The versions in time order; the first is the insert, the last image is {@code row}. */
    static List<Version> of(OrderRow row) {
        List<Version> versions = new ArrayList<>();
        Stream.concat(
                        Stream.of(row.createdAt()),
                        statusTimes(row).filter(time -> time.isAfter(row.createdAt())))
                .distinct()
                .sorted()
                .forEach(time -> versions.add(new Version(time, asOf(row, time))));

        Version last = versions.get(versions.size() - 1);
        if (!last.image().equals(row)) {
            Instant at = latest(row.updatedAt(), last.at());
            if (at.equals(last.at())) {
                versions.set(versions.size() - 1, new Version(at, row));
            } else {
                versions.add(new Version(at, row));
            }
        }
        return versions;
    }

    private static Stream<Instant> statusTimes(OrderRow row) {
        return STATUS_TIMES.stream().map(s -> s.column().apply(row)).filter(Objects::nonNull);
    }

    private static OrderRow asOf(OrderRow row, Instant time) {
        return new OrderRow(
                row.orderId(),
                row.customerId(),
                statusAt(row, time),
                row.totalAmount(),
                row.currency(),
                row.channel(),
                row.region(),
                row.campaignId(),
                row.couponId(),
                row.createdAt(),
                reached(row.paidAt(), time),
                reached(row.shippedAt(), time),
                reached(row.deliveredAt(), time),
                row.promisedDeliveryAt(),
                reached(row.cancelledAt(), time),
                BigDecimal.ZERO,
                row.customerPhone(),
                row.customerEmail(),
                row.updatedAt() == null ? null : time,
                row.deviceId(),
                row.clientIp(),
                row.addressHash());
    }

    private static OrderStatus statusAt(OrderRow row, Instant time) {
        OrderStatus status = OrderStatus.PENDING_PAYMENT;
        Instant statusTime = null;
        for (StatusTime candidate : STATUS_TIMES) {
            Instant at = reached(candidate.column().apply(row), time);
            if (at != null && (statusTime == null || !at.isBefore(statusTime))) {
                status = candidate.status();
                statusTime = at;
            }
        }
        return status;
    }

    /** The time if it is not after {@code now}, else null: the column is still empty then. */
    private static Instant reached(Instant time, Instant now) {
        return time != null && !time.isAfter(now) ? time : null;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
