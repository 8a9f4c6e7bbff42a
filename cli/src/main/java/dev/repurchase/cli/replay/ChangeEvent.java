package dev.repurchase.cli.replay;

import java.time.Instant;

/**
 * One change message as Debezium would put it on Kafka.
 *
 * @param topic the Kafka topic of the row's table
 * @param orderId the order the row belongs to: the partitioning key, so that an order's changes
 *     keep their order
 * @param key the message key, Debezium's JSON of the row's primary key
 * @param value the message value, Debezium's JSON change envelope (without the schema wrapper)
 * @param eventTime when the change was committed in the order system
 */
public record ChangeEvent(
        String topic, String orderId, String key, String value, Instant eventTime) {}
