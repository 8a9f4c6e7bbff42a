package dev.repurchase.common.cdc;

import java.util.List;

/** Decodes one CDC message (a Kafka record value) into the row changes it carries. */
public interface ChangeDecoder {

    /**
     * @param value the message bytes (UTF-8 JSON); never null (tombstones are skipped before)
     * @return the row changes in the message, in message order; empty for messages that carry no
     *     row change (DDL, heartbeats, transaction markers)
     * @throws MalformedChangeException with the reason if the message cannot be decoded
     */
    List<RowChange> decode(byte[] value) throws MalformedChangeException;
}
