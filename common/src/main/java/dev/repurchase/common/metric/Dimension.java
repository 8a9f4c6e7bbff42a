package dev.repurchase.common.metric;

/** The dimensions of {@code metric_period}; the value for missing attributes is in each case. */
public final class Dimension {

    private Dimension() {}

    public static final String ALL = "all";
    public static final String CATEGORY = "category";
    public static final String CHANNEL = "channel";
    public static final String REGION = "region";
    public static final String PRICE_BAND = "price_band";
    public static final String CAMPAIGN = "campaign";

    /** Value of category, channel and region when the order does not say. */
    public static final String UNKNOWN = "unknown";

    /** Value of campaign when the customer's first order had none. */
    public static final String NO_CAMPAIGN = "none";

    public static String orUnknown(String value) {
        return value == null || value.isEmpty() ? UNKNOWN : value;
    }
}
