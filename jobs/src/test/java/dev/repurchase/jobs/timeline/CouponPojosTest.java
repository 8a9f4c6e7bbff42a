package dev.repurchase.jobs.timeline;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.jobs.ingest.DecodedChange;
import org.junit.jupiter.api.Test;

/** The records and state of the coupon path are Flink POJOs: no Kryo fallback. */
class CouponPojosTest {

    @Test
    void couponRecordsAndStateArePojos() {
        assertSerializedAsPojoWithoutKryo(Coupon.class);
        assertSerializedAsPojoWithoutKryo(CouponChange.class);
        assertSerializedAsPojoWithoutKryo(CouponUpdate.class);
        assertSerializedAsPojoWithoutKryo(CouponReminder.class);
        assertSerializedAsPojoWithoutKryo(DecodedChange.class);
        assertSerializedAsPojoWithoutKryo(CustomerSnapshot.class);
        assertSerializedAsPojoWithoutKryo(Trigger.class);
    }
}
