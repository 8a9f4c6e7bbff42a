package dev.repurchase.common.metric;

import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;

/** What the metrics are computed over: the business calendar, period types, price bands. */
public record MetricSettings(
        BusinessCalendar calendar, List<PeriodType> periodTypes, PriceBands priceBands)
        implements Serializable {

    public static MetricSettings from(ReadableConfig config) {
        return new MetricSettings(
                new BusinessCalendar(config.get(RepurchaseOptions.TIMEZONE)),
                config.get(RepurchaseOptions.PERIOD_TYPES).stream()
                        .map(t -> PeriodType.valueOf(t.trim().toUpperCase(Locale.ROOT)))
                        .toList(),
                PriceBands.parse(config.get(RepurchaseOptions.PRICE_BANDS)));
    }
}
