package dev.repurchase.common.order;

import java.math.BigDecimal;

/** One version of a row of the {@code order_items} table, typed. A Flink POJO. */
public class OrderLine {

    public String orderId;
    public int lineNo;
    public String sku;
    public String category;
    public long quantity;
    public BigDecimal unitPrice;

    public OrderLine() {}
}
