#!/bin/sh
# create-topics.sh: creates the pipeline's topics before anything reads or writes them, so the
# Flink job never starts on a missing topic. --if-not-exists makes it safe to run again.
# Used by the kafka-init service (apache/kafka image).
set -eu
BOOTSTRAP="${BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${PARTITIONS:-2}"

# CDC topics (written by Debezium), then the job's outputs: dead letters, triggers, order alerts.
for topic in orders order_items coupons repurchase.dead-letter reminders lifecycle order-alerts; do
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --list
