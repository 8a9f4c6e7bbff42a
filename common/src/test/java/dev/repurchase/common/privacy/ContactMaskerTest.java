package dev.repurchase.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContactMaskerTest {

    @Test
    void phoneKeepsItsFirstThreeAndLastFourDigits() {
        assertThat(ContactMasker.mask("call 13812345678 now")).isEqualTo("call 138****5678 now");
        assertThat(ContactMasker.mask("+86 138-1234-5678")).isEqualTo("861****5678");
    }

    @Test
    void emailKeepsItsFirstCharacterAndDomain() {
        assertThat(ContactMasker.mask("{\"customer_email\":\"li.wei@example.cn\"}"))
                .isEqualTo("{\"customer_email\":\"l***@example.cn\"}");
    }

    @Test
    void shortNumbersStay() {
        assertThat(ContactMasker.mask("order 536365, line 12")).isEqualTo("order 536365, line 12");
    }
}
