package dev.repurchase.common.metric;

import dev.repurchase.common.config.CampaignOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;

/**
 * What the metrics are computed over: the business calendar, period types, price bands, and the
 * repurchase window of the campaign effect (M9, whole days of 24 h).
 */
public record MetricSettings(
        BusinessCalendar calendar,
        List<PeriodType> periodTypes,
        PriceBands priceBands,
        int campaignWindowDays)
        implements Serializable {

    public MetricSettings {
        if (campaignWindowDays < 0) {
            throw new IllegalArgumentException(
                    CampaignOptions.WINDOW_DAYS.key()
                            + " must not be negative: "
                            + campaignWindowDays);
        }
    }

    /** Settings with the default campaign window ({@link CampaignOptions#WINDOW_DAYS}). */
    public MetricSettings(
            BusinessCalendar calendar, List<PeriodType> periodTypes, PriceBands priceBands) {
        this(calendar, periodTypes, priceBands, CampaignOptions.WINDOW_DAYS.defaultValue());
    }

    public static MetricSettings from(ReadableConfig config) {
        return new MetricSettings(
                new BusinessCalendar(config.get(RepurchaseOptions.TIMEZONE)),
                config.get(RepurchaseOptions.PERIOD_TYPES).stream()
                        .map(t -> PeriodType.valueOf(t.trim().toUpperCase(Locale.ROOT)))
                        .toList(),
                PriceBands.parse(config.get(RepurchaseOptions.PRICE_BANDS)),
                config.get(CampaignOptions.WINDOW_DAYS));
    }
}
