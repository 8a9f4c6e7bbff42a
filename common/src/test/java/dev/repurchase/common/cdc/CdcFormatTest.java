package dev.repurchase.common.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CdcFormatTest {

    @Test
    void eachFormatHasItsDecoder() {
        assertThat(CdcFormat.DEBEZIUM.decoder()).isInstanceOf(DebeziumDecoder.class);
        assertThat(CdcFormat.CANAL.decoder()).isInstanceOf(CanalDecoder.class);
        assertThat(CdcFormat.MAXWELL.decoder()).isInstanceOf(MaxwellDecoder.class);
    }
}
