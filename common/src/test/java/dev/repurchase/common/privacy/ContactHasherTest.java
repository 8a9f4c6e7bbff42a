package dev.repurchase.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ContactHasherTest {

    private static final String SECRET = "a-test-secret-of-the-deployment";
    private static final String PHONE = "13812345678";
    private static final String EMAIL = "li.lei@example.com";

    private final ContactHasher hasher = ContactHasher.withSecret(SECRET);

    @Test
    void hashIsTheHmacSha256OfTheNormalisedPhoneNumber() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                HexFormat.of()
                        .formatHex(mac.doFinal(("tel:" + PHONE).getBytes(StandardCharsets.UTF_8)));

        assertThat(hasher.hash(PHONE, EMAIL)).isEqualTo(expected).hasSize(64);
    }

    @Test
    void theSamePhoneNumberWrittenDifferentlyHasOneHash() {
        String hash = hasher.hash(PHONE, null);

        assertThat(hasher.hash("+86 138-1234-5678", null)).isEqualTo(hash);
        assertThat(hasher.hash("0086 13812345678", null)).isEqualTo(hash);
        assertThat(hasher.hash("(138) 1234 5678", "other@example.com")).isEqualTo(hash);
    }

    @Test
    void eMailIsHashedWhenThereIsNoPhoneNumber() {
        String hash = hasher.hash(null, EMAIL);

        assertThat(hash).isNotNull().isNotEqualTo(hasher.hash(PHONE, null));
        assertThat(hasher.hash("  ", " Li.Lei@Example.COM ")).isEqualTo(hash);
    }

    @Test
    void noContactNoHash() {
        assertThat(hasher.hash(null, null)).isNull();
        assertThat(hasher.hash("12", "not an address")).isNull();
    }

    @Test
    void anotherSecretGivesAnotherHash() {
        assertThat(ContactHasher.withSecret("another-secret-of-16+chars").hash(PHONE, null))
                .isNotEqualTo(hasher.hash(PHONE, null));
    }

    @Test
    void shortSecretsAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> ContactHasher.withSecret("short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> ContactHasher.withSecret(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        String before = hasher.hash(PHONE, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(hasher);
        }
        ContactHasher copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ContactHasher) in.readObject();
        }

        assertThat(copy.hash(PHONE, null)).isEqualTo(before);
        assertThat(copy.toString()).doesNotContain(SECRET);
    }
}
