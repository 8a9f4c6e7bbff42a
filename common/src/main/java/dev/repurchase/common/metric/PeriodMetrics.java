package dev.repurchase.common.metric;

/** The counter slots of a {@code metric_period} row, in table column order. */
public final class PeriodMetrics {

    private PeriodMetrics() {}

    public static final int CUSTOMERS = 0;
    public static final int REPEAT_CUSTOMERS = 1;
    public static final int NEW_CUSTOMERS = 2;
    public static final int RETURNING_CUSTOMERS = 3;
    public static final int ORDERS = 4;
    public static final int NEW_ORDERS = 5;
    public static final int RETURNING_ORDERS = 6;
    public static final int NEW_CUSTOMER_ORDERS = 7;
    public static final int RETURNING_CUSTOMER_ORDERS = 8;
    public static final int NET_CENTS = 9;
    public static final int NEW_NET_CENTS = 10;
    public static final int RETURNING_NET_CENTS = 11;

    public static final int WIDTH = 12;
}
