package dev.repurchase.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderChangeSerializer#copy} copies field by field: every field of the change, its order
 * and its line (each set to a value of its own, so that a field added later and forgotten shows),
 * and nothing mutable shared with the original.
 */
class OrderChangeCopyTest {

    @Test
    void anOrderChangeCopiesEveryFieldOfItsOrder() throws Exception {
        OrderChange change =
                OrderChange.ofOrder(filled(new Order()), true, new SourcePosition(7, 8, 9))
                        .from("orders", 3, 42);

        OrderChange copy = OrderChangeSerializer.INSTANCE.copy(change);

        assertThat(copy).usingRecursiveComparison().isEqualTo(change);
        assertThat(copy.order).isNotSameAs(change.order);
        assertThat(copy.position).isNotSameAs(change.position);
    }

    @Test
    void aLineChangeCopiesEveryFieldOfItsLine() throws Exception {
        OrderChange change =
                OrderChange.ofLine(filled(new OrderLine()), false, new SourcePosition(1, 2, 3));

        OrderChange copy = OrderChangeSerializer.INSTANCE.copy(change);

        assertThat(copy).usingRecursiveComparison().isEqualTo(change);
        assertThat(copy.line).isNotSameAs(change.line);
    }

    @Test
    void changingTheCopyLeavesTheOriginal() throws Exception {
        OrderChange change =
                OrderChange.ofOrder(filled(new Order()), false, new SourcePosition(7, 8, 9));

        OrderChange copy = OrderChangeSerializer.INSTANCE.copy(change);
        copy.order.status = OrderStatus.CANCELLED;
        copy.order.totalCents = -1;
        copy.position.commitMillis = -1;

        assertThat(change.order.status).isNotEqualTo(OrderStatus.CANCELLED);
        assertThat(change.order.totalCents).isNotEqualTo(-1);
        assertThat(change.position.commitMillis).isEqualTo(7);
    }

    @Test
    void absentPartsStayAbsent() {
        OrderChange empty = new OrderChange();

        OrderChange copy = OrderChangeSerializer.INSTANCE.copy(empty);

        assertThat(copy).usingRecursiveComparison().isEqualTo(empty);
        assertThat(copy.order).isNull();
        assertThat(copy.line).isNull();
        assertThat(copy.position).isNull();
    }

    /** Sets every instance field to a value of its own, none of them the type's default. */
    private static <T> T filled(T value) throws IllegalAccessException {
        int n = 1;
        for (Field field : value.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Class<?> type = field.getType();
            n++;
            if (type == String.class) {
                field.set(value, field.getName() + "-" + n);
            } else if (type == long.class || type == Long.class) {
                field.set(value, 1_000L * n);
            } else if (type == int.class || type == Integer.class) {
                field.set(value, n);
            } else if (type == boolean.class || type == Boolean.class) {
                field.set(value, true);
            } else if (type == BigDecimal.class) {
                field.set(value, new BigDecimal(n + ".25"));
            } else if (type == OrderStatus.class) {
                field.set(value, OrderStatus.PARTIALLY_REFUNDED);
            } else {
                throw new AssertionError("no test value for " + type + " " + field.getName());
            }
        }
        return value;
    }
}
