package dev.repurchase.jobs.ingest;

/** A CDC message as read from Kafka, with where it came from. A Flink POJO. */
public class RawChange {

    public String topic;
    public int partition;
    public long offset;
    public byte[] value;

    public RawChange() {}

    public RawChange(String topic, int partition, long offset, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
    }
}
