package dev.repurchase.jobs.config;

import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.config.ReferralOptions;
import dev.repurchase.common.customer.TriggerRules;
import dev.repurchase.jobs.fault.FailureInjector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

/**
 * Which keys of a configuration are the job's, and whether each of them is known. A key belongs to
 * the job when its first segment is one of the job's namespaces ({@code kafka}, {@code jdbc},
 * {@code rules}...); every other key is Flink's or a plugin's, and Flink has the last word on it.
 * Among the job's keys, a known one is a declared option (the options table's, and the failure
 * injection's, the source mapping's tables), a key of a prefix family ({@code kafka.properties.*},
 * {@code cycles.<category>}, {@code trigger-rules.*}, {@code mapping.column.*}, {@code
 * mapping.status.*}), or a Flink option that shares a namespace with the job ({@code
 * metrics.reporter.*} beside {@code metrics.period-types}). An unknown one is a mistake: a typo
 * would otherwise fall back to the default silently.
 */
public final class OptionKeys {

    /**
     * Keys with a free suffix, declared here. {@link TriggerRules} checks the keys of its own
     * family ({@code trigger-rules.<NAME>.<key>}) itself, naming the rule.
     */
    public static final List<String> FAMILIES =
            List.of(
                    KafkaProperties.PREFIX,
                    LifecycleOptions.CATEGORY_CYCLE_PREFIX,
                    TriggerRules.PREFIX,
                    SourceMapping.COLUMN_PREFIX,
                    SourceMapping.STATUS_PREFIX,
                    ReferralOptions.LEVEL_RATE_PREFIX);

    /** Keys read as plain strings rather than declared as {@link ConfigOption}s. */
    private static final List<String> UNDECLARED =
            List.of(
                    SourceMapping.TABLE_ORDERS,
                    SourceMapping.TABLE_ORDER_ITEMS,
                    SourceMapping.TABLE_COUPONS,
                    SourceMapping.TABLE_CUSTOMERS);

    /** Flink's option classes whose keys share a namespace with the job's options. */
    private static final List<Class<?>> FLINK_OPTIONS_IN_JOB_NAMESPACES =
            List.of(MetricOptions.class);

    /** Flink's families in the job's namespaces ({@code metrics.reporter.<name>.<key>}). */
    private static final List<String> FLINK_FAMILIES_IN_JOB_NAMESPACES =
            List.of("metrics.reporter.", "metrics.scope.");

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private final Set<String> declared;
    private final Set<String> flink;
    private final Set<String> namespaces;

    private OptionKeys(Set<String> declared, Set<String> flink) {
        this.declared = declared;
        this.flink = flink;
        this.namespaces = new TreeSet<>();
        Stream.concat(declared.stream(), FAMILIES.stream())
                .map(OptionKeys::namespace)
                .forEach(namespaces::add);
    }

    /** The keys of the job's options and of Flink's options in the job's namespaces. */
    public static OptionKeys ofJob() {
        Set<String> declared = new TreeSet<>();
        OptionsTable.options().forEach(option -> addKeys(declared, option));
        addKeys(declared, FailureInjector.FAILURES);
        addKeys(declared, FailureInjector.SEED);
        addKeys(declared, FailureInjector.WITHIN_RECORDS);
        addKeys(declared, FailureInjector.RUN_ID);
        declared.addAll(UNDECLARED);
        Set<String> flink = new TreeSet<>();
        for (Class<?> type : FLINK_OPTIONS_IN_JOB_NAMESPACES) {
            for (ConfigOption<?> option : OptionsTable.declaredIn(type)) {
                addKeys(flink, option);
            }
        }
        return new OptionKeys(declared, flink);
    }

    /** Whether {@code key} is in one of the job's namespaces (and so the job's to check). */
    public boolean isJobKey(String key) {
        return namespaces.contains(namespace(key));
    }

    /** Whether {@code key} is for the job to read: in its namespaces, and not a Flink option. */
    public boolean isForJob(String key) {
        return isJobKey(key) && !isFlinks(key);
    }

    /** Whether {@code key} is a job option, of a family, or a Flink option; false if unknown. */
    public boolean isKnown(String key) {
        return !isJobKey(key)
                || declared.contains(key)
                || FAMILIES.stream().anyMatch(key::startsWith)
                || isFlinks(key);
    }

    private boolean isFlinks(String key) {
        return flink.contains(key)
                || FLINK_FAMILIES_IN_JOB_NAMESPACES.stream().anyMatch(key::startsWith);
    }

    /**
     * Stops on the first unknown key of {@code keys}.
     *
     * @param where where the keys come from, for the message
     * @throws IllegalArgumentException naming the key and the closest known option
     */
    public void requireKnown(Iterable<String> keys, String where) {
        for (String key : keys) {
            if (!isKnown(key)) {
                throw new IllegalArgumentException(
                        String.format(
                                "unknown option '%s' in %s; did you mean '%s'? (every option"
                                        + " is in the options table)",
                                key, where, closest(key)));
            }
        }
    }

    /** The declared option (or family) whose key is closest to {@code key}. */
    public String closest(String key) {
        List<String> candidates = new ArrayList<>(declared);
        FAMILIES.forEach(family -> candidates.add(family + "*"));
        return candidates.stream()
                .min(
                        Comparator.comparingInt(
                                        (String candidate) -> DISTANCE.apply(key, candidate))
                                .thenComparing(Comparator.naturalOrder()))
                .orElseThrow();
    }

    private static String namespace(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    private static void addKeys(Set<String> keys, ConfigOption<?> option) {
        keys.add(option.key());
        for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
        }
    }
}
