package dev.repurchase.common.cdc;

/** The CDC message formats the pipeline reads, each with its decoder. */
public enum CdcFormat {
    /** Debezium JSON, with or without the schema/payload wrapper. */
    DEBEZIUM(new DebeziumDecoder()),
    /** Canal flat JSON. */
    CANAL(new CanalDecoder()),
    /** Maxwell JSON. */
    MAXWELL(new MaxwellDecoder());

    private final ChangeDecoder decoder;

    CdcFormat(ChangeDecoder decoder) {
        this.decoder = decoder;
    }

    /** The format's decoder: stateless and thread-safe, so one instance serves every caller. */
    public ChangeDecoder decoder() {
        return decoder;
    }
}
