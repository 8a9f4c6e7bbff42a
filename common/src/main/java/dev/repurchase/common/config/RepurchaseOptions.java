package dev.repurchase.common.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the business definitions (SPEC section 2): time zone, what counts as a valid
 * purchase, dimensions. Connection options live with their connectors ({@code jobs} module).
 */
public final class RepurchaseOptions {

    private RepurchaseOptions() {}

    public static final ConfigOption<String> TIMEZONE =
            key("timezone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription(
                            "Business time zone (an IANA zone id): every period (DAY, WEEK, MONTH,"
                                    + " QUARTER, YEAR) is a calendar period in it.");

    public static final ConfigOption<List<String>> PERIOD_TYPES =
            key("metrics.period-types")
                    .stringType()
                    .asList()
                    .defaultValues("DAY", "WEEK", "MONTH", "QUARTER", "YEAR")
                    .withDescription("Period types the period metrics and cohorts are kept for.");

    public static final ConfigOption<String> MAX_ORDER_AMOUNT =
            key("rules.max-order-amount")
                    .stringType()
                    .defaultValue("1000000")
                    .withDescription(
                            "Orders whose net amount is above this are excluded as 'abnormal'.");

    public static final ConfigOption<List<String>> EXCLUDED_CUSTOMERS =
            key("rules.excluded-customers")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Customer ids whose orders are excluded as 'abnormal' (test accounts),"
                                    + " separated by ';'.");

    public static final ConfigOption<Long> BULK_MAX_QUANTITY =
            key("rules.bulk-max-quantity")
                    .longType()
                    .defaultValue(1000L)
                    .withDescription(
                            "Orders with more items than this (sum of line quantities) are"
                                    + " excluded as 'bulk' (wholesale).");

    public static final ConfigOption<String> BULK_MAX_AMOUNT =
            key("rules.bulk-max-amount")
                    .stringType()
                    .defaultValue("10000")
                    .withDescription(
                            "Orders whose net amount is above this are excluded as 'bulk'"
                                    + " (wholesale).");

    public static final ConfigOption<List<String>> PRICE_BANDS =
            key("dimensions.price-bands")
                    .stringType()
                    .asList()
                    .defaultValues("0", "50", "100", "200", "500")
                    .withDescription(
                            "Ascending bounds of the price_band dimension on an order's net amount;"
                                    + " bands are labelled 'low-high' (low inclusive) and 'last+'.");
}
