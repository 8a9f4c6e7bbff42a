package dev.repurchase.cli.replay;

import static dev.repurchase.cli.replay.OrderRowBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.repurchase.cli.replay.OrderRowVersions.Version;
import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderRowVersionsTest {

    private static final Instant CREATED = Instant.parse("2011-01-05T10:00:00Z");
    private static final Instant PAID = Instant.parse("2011-01-05T10:05:00Z");
    private static final Instant SHIPPED = Instant.parse("2011-01-06T09:00:00Z");
    private static final Instant DELIVERED = Instant.parse("2011-01-08T15:30:00Z");
    private static final Instant REFUNDED = Instant.parse("2011-01-10T12:00:00Z");

    @Test
    void anOrderPaidAtCreationWithNothingLaterIsOneInsertOfTheFinalRow() {
        OrderRow row = order("536365").createdAt(CREATED).paidAt(CREATED).build();

        assertThat(OrderRowVersions.of(row)).containsExactly(new Version(CREATED, row));
    }

    @Test
    void anOrderPaidLaterIsPendingPaymentUntilThen() {
        OrderRow row =
                order("o-1").status(OrderStatus.PAID).createdAt(CREATED).paidAt(PAID).build();

        List<Version> versions = OrderRowVersions.of(row);

        assertThat(versions).extracting(Version::at).containsExactly(CREATED, PAID);
        assertThat(versions.get(0).image().status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(versions.get(0).image().paidAt()).isNull();
        assertThat(versions.get(1).image()).isEqualTo(row);
    }

    @Test
    void eachLaterStatusTimeIsAnUpdateAndARefundComesLastAtUpdatedAt() {
        OrderRow row =
                order("o-1")
                        .status(OrderStatus.REFUNDED)
                        .createdAt(CREATED)
                        .paidAt(PAID)
                        .shippedAt(SHIPPED)
                        .deliveredAt(DELIVERED)
                        .refunded("25.00")
                        .updatedAt(REFUNDED)
                        .build();

        List<Version> versions = OrderRowVersions.of(row);

        assertThat(versions)
                .extracting(Version::at, v -> v.image().status(), v -> v.image().updatedAt())
                .containsExactly(
                        tuple(CREATED, OrderStatus.PENDING_PAYMENT, CREATED),
                        tuple(PAID, OrderStatus.PAID, PAID),
                        tuple(SHIPPED, OrderStatus.SHIPPED, SHIPPED),
                        tuple(DELIVERED, OrderStatus.DELIVERED, DELIVERED),
                        tuple(REFUNDED, OrderStatus.REFUNDED, REFUNDED));
        assertThat(versions.get(2).image().deliveredAt()).isNull();
        assertThat(versions.get(3).image().refundedAmount()).isEqualTo(new BigDecimal("0.00"));
        assertThat(versions.get(4).image()).isEqualTo(row);
    }

    @Test
    void changesAtTheSameInstantAreOneVersion() {
        OrderRow row =
                order("o-1")
                        .status(OrderStatus.SHIPPED)
                        .createdAt(CREATED)
                        .paidAt(PAID)
                        .shippedAt(PAID)
                        .build();

        List<Version> versions = OrderRowVersions.of(row);

        assertThat(versions).extracting(Version::at).containsExactly(CREATED, PAID);
        assertThat(versions.get(1).image()).isEqualTo(row);
    }

    @Test
    void anOrderCancelledBeforePaymentGoesFromPendingToCancelled() {
        OrderRow row =
                order("o-1")
                        .status(OrderStatus.CANCELLED)
                        .createdAt(CREATED)
                        .cancelledAt(SHIPPED)
                        .build();

        assertThat(OrderRowVersions.of(row))
                .extracting(v -> v.image().status())
                .containsExactly(OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED);
    }

    @Test
    void aFinalStatusWithoutATimeOfItsOwnComesAtTheLastStatusTime() {
        OrderRow row =
                order("o-1")
                        .status(OrderStatus.COMPLETED)
                        .createdAt(CREATED)
                        .paidAt(PAID)
                        .deliveredAt(DELIVERED)
                        .build();

        List<Version> versions = OrderRowVersions.of(row);

        assertThat(versions).extracting(Version::at).containsExactly(CREATED, PAID, DELIVERED);
        assertThat(versions.get(2).image()).isEqualTo(row);
    }
}
