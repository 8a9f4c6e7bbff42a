package dev.repurchase.common.predict;

import dev.repurchase.common.config.PredictionOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.common.period.BusinessCalendar;
import java.io.Serializable;
import org.apache.flink.configuration.ReadableConfig;

/**
 * What the prediction runs on (SPEC 9).
 *
 * @param calendar the local dates purchases and today are counted on
 * @param fixed {@code predict.params}, or null to fit
 * @param eventTimeEnd the end of a replay (epoch ms), when the last fit runs; Long.MAX_VALUE if
 *     unbounded
 */
public record PredictionSettings(
        BusinessCalendar calendar, int refitDays, BgNbd fixed, int horizonDays, long eventTimeEnd)
        implements Serializable {

    public PredictionSettings {
        if (refitDays < 1 || horizonDays < 1) {
            throw new IllegalArgumentException(
                    PredictionOptions.REFIT_DAYS.key()
                            + " and "
                            + PredictionOptions.HORIZON_DAYS.key()
                            + " must be at least 1");
        }
    }

    public static PredictionSettings from(ReadableConfig config, long eventTimeEnd) {
        return new PredictionSettings(
                new BusinessCalendar(config.get(RepurchaseOptions.TIMEZONE)),
                config.get(PredictionOptions.REFIT_DAYS),
                config.getOptional(PredictionOptions.PARAMS).map(BgNbd::parse).orElse(null),
                config.get(PredictionOptions.HORIZON_DAYS),
                eventTimeEnd);
    }

    /** The epoch day of the local date of {@code epochMillis}. */
    public long today(long epochMillis) {
        return calendar.day(epochMillis).toEpochDay();
    }

    /**
     * The fit after one at {@code epochMillis}: the start of the local day {@code refitDays} later,
     * or the end of the replay if that comes first; Long.MAX_VALUE after the end.
     */
    public long nextFitAfter(long epochMillis) {
        if (epochMillis >= eventTimeEnd) {
            return Long.MAX_VALUE;
        }
        long next = calendar.startOf(calendar.day(epochMillis).plusDays(refitDays));
        return Math.min(next, eventTimeEnd);
    }

    /** The customer's prediction as of the local date of {@code now}, under {@code model}. */
    public Prediction predict(RepeatBuying customer, PredictionModel model, long now) {
        return Prediction.of(customer, model, today(Math.max(now, model.fittedAt())), horizonDays);
    }
}
