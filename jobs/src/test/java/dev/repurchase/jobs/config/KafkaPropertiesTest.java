package dev.repurchase.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.ingest.CdcKafkaSource;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.sink.ContractSinks;
import dev.repurchase.jobs.state.StateTypes;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.SinkTransformation;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka.properties.*} reach every Kafka client of the job: the CDC source and every Kafka
 * sink (reminders, lifecycle, dead letters), so SASL and SSL work everywhere.
 */
class KafkaPropertiesTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"repurchase\" password=\"kafka-secret\";";

    private static Configuration secured() {
        Configuration config = new Configuration();
        config.setString("kafka.properties.security.protocol", "SASL_SSL");
        config.setString("kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        config.setString("kafka.properties.sasl.jaas.config", JAAS);
        config.setString("kafka.properties.ssl.truststore.location", "/etc/kafka/truststore.jks");
        config.setString("kafka.properties.ssl.truststore.password", "trust-secret");
        config.setString("kafka.bootstrap-servers", "broker:9093");
        config.setString("jdbc.url", "jdbc:h2:mem:kafka-properties");
        return config;
    }

    @Test
    void prefixedOptionsBecomeClientPropertiesWithoutThePrefix() {
        Properties properties = KafkaProperties.passThrough(secured());

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .containsEntry("ssl.truststore.password", "trust-secret")
                .doesNotContainKey("kafka.bootstrap-servers")
                .doesNotContainKey("bootstrap-servers")
                .hasSize(5);
    }

    @Test
    void noPrefixedOptionsNoProperties() {
        assertThat(KafkaProperties.passThrough(new Configuration())).isEmpty();
    }

    @Test
    void theCdcSourceGetsThem() throws Exception {
        KafkaSource<?> source = CdcKafkaSource.create(secured(), false);

        Properties props = (Properties) field(KafkaSource.class, "props").get(source);
        assertSecured(props);
    }

    @Test
    void everyKafkaSinkGetsThem() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ContractSinks sinks = new ContractSinks(secured());
        sinks.triggers(env.fromData(List.of(), StateTypes.TRIGGER));
        sinks.lifecycleEvents(env.fromData(List.of(), TypeInformation.of(LifecycleEvent.class)));
        sinks.deadLetters(env.fromData(List.of(), TypeInformation.of(DeadLetter.class)));

        List<KafkaSink<?>> kafkaSinks = new ArrayList<>();
        for (Transformation<?> t : env.getTransformations()) {
            if (t instanceof SinkTransformation<?, ?> sink
                    && sink.getSink() instanceof KafkaSink<?> kafka) {
                kafkaSinks.add(kafka);
            }
        }

        assertThat(kafkaSinks).hasSizeGreaterThanOrEqualTo(3);
        Field config = field(KafkaSink.class, "kafkaProducerConfig");
        for (KafkaSink<?> kafka : kafkaSinks) {
            Properties producer = (Properties) config.get(kafka);
            assertSecured(producer);
            assertThat(producer).containsEntry("bootstrap.servers", "broker:9093");
        }
    }

    private static void assertSecured(Map<Object, Object> props) {
        assertThat(props)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.password", "trust-secret");
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
