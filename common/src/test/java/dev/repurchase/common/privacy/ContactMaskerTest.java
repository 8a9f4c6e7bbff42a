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

    @Test
    void datesAreNoPhoneNumbers() {
        assertThat(ContactMasker.mask("out of range: 9999-12-31T23:59:59Z"))
                .isEqualTo("out of range: 9999-12-31T23:59:59Z");
        assertThat(ContactMasker.mask("\"created_at\":\"2011-01-05 10:00:00\""))
                .isEqualTo("\"created_at\":\"2011-01-05 10:00:00\"");
        // A date run together with a phone number is masked as one: better too much than too
        // little.
        assertThat(ContactMasker.mask("2011-01-05 13812345678")).doesNotContain("12345678");
    }

    @Test
    void personalJsonFieldsAreMaskedByTheirName() {
        String json =
                "{\"customer_name\":\"Li Lei\",\"receiver_name\":\"李雷\","
                        + "\"customer_phone\":\"(138) 1234 5678\",\"mobile\":13812345678,"
                        + "\"customer_email\":\"li.lei@example.com\",\"address\":\"1 Main St\","
                        + "\"customer_id\":\"C-42\",\"category\":\"tea\"}";

        String masked = ContactMasker.mask(json);

        assertThat(masked)
                .contains("\"customer_name\":\"L***\"")
                .contains("\"receiver_name\":\"李***\"")
                .contains("\"customer_phone\":\"138****5678\"")
                .contains("\"mobile\":\"138****5678\"")
                .contains("\"customer_email\":\"l***@example.com\"")
                .contains("\"address\":\"1***\"")
                .contains("\"customer_id\":\"C-42\"")
                .contains("\"category\":\"tea\"")
                .doesNotContain("Li Lei", "李雷", "1234", "li.lei", "Main St");
    }

    @Test
    void devicesIpsAndAddressHashesAreMaskedButNotOtherFieldsWithIpInside() {
        String masked =
                ContactMasker.mask(
                        "{\"device_id\":\"android-farm-7f3a\",\"client_ip\":\"203.0.113.77\","
                                + "\"address_hash\":\"9c1e55aa\",\"shipped_at\":\"2025-11-12\","
                                + "\"zip\":\"200000\"}");

        assertThat(masked)
                .contains("\"device_id\":\"a***\"")
                .contains("\"client_ip\":\"2***\"")
                .contains("\"address_hash\":\"9***\"")
                .contains("\"shipped_at\":\"2025-11-12\"")
                .contains("\"zip\":\"200000\"");
    }

    @Test
    void aValueCutOffByATruncatedMessageIsMaskedToo() {
        assertThat(ContactMasker.mask("{\"customer_name\":\"Li Le"))
                .isEqualTo("{\"customer_name\":\"L***");
        assertThat(ContactMasker.mask("{\"customer_phone\":\"138 1234 5")).doesNotContain("1234");
    }

    @Test
    void escapedCharactersDoNotEndAValue() {
        assertThat(ContactMasker.mask("{\"customer_name\":\"\\u674e \\\"Lei\\\"\",\"x\":1}"))
                .isEqualTo("{\"customer_name\":\"***\",\"x\":1}");
    }

    @Test
    void excerptIsBoundedAndMaskedBeforeTheCut() {
        String message =
                "{\"customer_name\":\""
                        + "x".repeat(3000)
                        + "\",\"customer_phone\":\"13812345678\"}";

        String excerpt = ContactMasker.excerpt(message, 512);

        assertThat(excerpt.length()).isLessThanOrEqualTo(512);
        assertThat(excerpt).doesNotContain("13812345678").doesNotContain("1381234");
    }

    @Test
    void excerptOfALongTextDropsThePhoneNumberCutAtTheWindow() {
        // The name shrinks to 4 characters when masked, so the excerpt reaches the window's end
        // (4 x 512 characters), which cuts the phone number after its 7th digit.
        String name = "y".repeat(2013);
        String message = "{\"customer_name\":\"" + name + "\",\"note\":\"13812345678\"}";

        String excerpt = ContactMasker.excerpt(message, 512);

        assertThat(excerpt).doesNotContain("1381234").doesNotContain("5678");
    }

    @Test
    void hugeMessagesAreMaskedQuickly() {
        String hostile = "{\"" + "name".repeat(500_000) + "\":\"" + "a\\\"".repeat(500_000);

        long start = System.nanoTime();
        ContactMasker.excerpt(hostile, 512);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }
}
