package dev.repurchase.jobs.ingest;

/**
 * Input that could not be used, with the reason and where it came from, so that nothing is dropped
 * silently. The excerpt is bounded and has contact data masked. Travels with {@code
 * wire.DeadLetterSerializer}.
 */
public class DeadLetter {

    public String topic;
    public int partition;
    public long offset;
    public String reason;
    public String excerpt;

    public DeadLetter() {}

    public DeadLetter(String topic, int partition, long offset, String reason, String excerpt) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.reason = reason;
        this.excerpt = excerpt;
    }
}
