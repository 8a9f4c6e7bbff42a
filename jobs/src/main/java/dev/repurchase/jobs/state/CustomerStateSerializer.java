package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCode;
import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.readId;
import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readNullableLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.readStrings;
import static dev.repurchase.jobs.state.StateFormat.readTime;
import static dev.repurchase.jobs.state.StateFormat.writeCode;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeId;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeNullableLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;
import static dev.repurchase.jobs.state.StateFormat.writeStrings;
import static dev.repurchase.jobs.state.StateFormat.writeTime;

import dev.repurchase.common.customer.PurchaseHistory;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.jobs.customer.CouponReminder;
import dev.repurchase.jobs.customer.CustomerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * One customer's state in {@code CustomerOperator}. Version 1: the settled change; the purchase
 * versions (a flag byte says which of valid-from and valid-to are bounded, then the purchase as
 * {@link PurchasesSerializer} writes one, its time relative to the one before, and the bounded ends
 * relative to the purchase time); the coupons and their reminder plans (in the formats of {@link
 * CouponSerializer} and {@link CouponReminderSerializer} version 1); handled up to; stage, segment,
 * RFM scores and monetary cents; the timer. Version 2 adds, last, the referral (SPEC 8.1): a flag,
 * then registered_at (nullable) and the referrers, level 1 first ({@link #writeReferral}); version
 * 1 reads as no referral.
 *
 * <p>Version 3 (state version 5) keeps what the planners read of a purchase and writes times as
 * differences: handled up to; the settled change, relative to it; the versions, each a flag byte,
 * the order as an id ({@link StateFormat#writeId}), the purchase time relative to the one before
 * (the first to handled up to), net cents, primary category and coupon (through one {@link
 * StringTable}), then the bounded ends relative to the purchase time; coupons and reminders as
 * before; stage, segment, scores and monetary cents; the timer, relative to handled up to; the
 * referral. Times are written by {@link StateFormat#writeTime}. The categories, channel, region and
 * campaign of a purchase, which earlier versions stored and the history never sets since it plans
 * (a purchase upgraded from state version 2 had them), are no longer kept.
 */
public final class CustomerStateSerializer extends VersionedSerializer<CustomerState> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 3;
    public static final CustomerStateSerializer INSTANCE = new CustomerStateSerializer(VERSION);

    /**
     * Codes of the stored enums, fixed here so that reordering an enum changes no state; the
     * profile's format uses them too.
     */
    static final LifecycleStage[] STAGES = {
        LifecycleStage.NEW, LifecycleStage.ACTIVE, LifecycleStage.DORMANT, LifecycleStage.CHURNED
    };

    static final Segment[] SEGMENTS = {
        Segment.HIGH_VALUE, Segment.CORE, Segment.AT_RISK, Segment.CHURNED, Segment.REGULAR
    };

    private static final String[] NO_CATEGORIES = new String[0];

    private static final int FROM_BOUNDED = 1;
    private static final int TO_BOUNDED = 2;

    private CustomerStateSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CustomerState> typeClass() {
        return CustomerState.class;
    }

    @Override
    protected CustomerStateSerializer readingVersion(int version) {
        return new CustomerStateSerializer(version);
    }

    @Override
    public CustomerState createInstance() {
        return new CustomerState();
    }

    @Override
    protected void write(CustomerState s, DataOutputView out) throws IOException {
        long handled = s.handledUpTo;
        writeLong(out, handled);
        writeTime(out, handled, s.history.settledChange());
        List<PurchaseHistory.Version> versions = s.history.versions();
        writeCount(out, versions.size());
        StringTable strings = new StringTable();
        long previous = handled;
        for (PurchaseHistory.Version v : versions) {
            Purchase p = v.purchase;
            long at = p.purchasedAt;
            int flags =
                    (v.validFrom != Long.MIN_VALUE ? FROM_BOUNDED : 0)
                            | (v.validTo != Long.MAX_VALUE ? TO_BOUNDED : 0);
            out.writeByte(flags);
            writeId(out, p.orderId);
            writeTime(out, previous, at);
            writeLong(out, p.netCents);
            strings.write(out, p.primaryCategory);
            strings.write(out, p.couponId);
            if ((flags & FROM_BOUNDED) != 0) {
                writeTime(out, at, v.validFrom);
            }
            if ((flags & TO_BOUNDED) != 0) {
                writeTime(out, at, v.validTo);
            }
            previous = at;
        }
        writeCount(out, s.coupons.size());
        for (var coupon : s.coupons.values()) {
            CouponSerializer.INSTANCE.serialize(coupon, out);
        }
        writeCount(out, s.couponReminders.size());
        for (Map.Entry<String, CouponReminder> plan : s.couponReminders.entrySet()) {
            writeString(out, plan.getKey());
            CouponReminderSerializer.INSTANCE.serialize(plan.getValue(), out);
        }
        writeCode(out, s.stage, STAGES);
        writeCode(out, s.segment, SEGMENTS);
        writeInt(out, s.recencyScore);
        writeInt(out, s.frequencyScore);
        writeInt(out, s.monetaryScore);
        writeLong(out, s.monetaryCents);
        writeTime(out, handled, s.timer);
        writeReferral(s.referral, out);
    }

    /** A customer's referral, or null: also its format on the wire to the customer operator. */
    public static void writeReferral(Referral referral, DataOutputView out) throws IOException {
        out.writeBoolean(referral != null);
        if (referral != null) {
            writeNullableLong(out, referral.registeredAt());
            writeStrings(out, referral.referrers());
        }
    }

    public static Referral readReferral(DataInputView in) throws IOException {
        return in.readBoolean() ? new Referral(readNullableLong(in), readStrings(in)) : null;
    }

    @Override
    protected CustomerState read(DataInputView in, int version) throws IOException {
        return version >= 3 ? readCompact(in) : readAbsolute(in, version);
    }

    private static CustomerState readCompact(DataInputView in) throws IOException {
        CustomerState s = new CustomerState();
        long handled = readLong(in);
        long settled = readTime(in, handled);
        int n = readCount(in);
        List<PurchaseHistory.Version> versions = new ArrayList<>(n);
        StringTable strings = new StringTable();
        long previous = handled;
        for (int i = 0; i < n; i++) {
            int flags = in.readByte();
            Purchase p = new Purchase();
            p.orderId = readId(in);
            p.purchasedAt = readTime(in, previous);
            p.netCents = readLong(in);
            p.categories = NO_CATEGORIES;
            p.primaryCategory = strings.read(in);
            p.couponId = strings.read(in);
            long at = p.purchasedAt;
            long from = (flags & FROM_BOUNDED) != 0 ? readTime(in, at) : Long.MIN_VALUE;
            long to = (flags & TO_BOUNDED) != 0 ? readTime(in, at) : Long.MAX_VALUE;
            versions.add(new PurchaseHistory.Version(p, from, to));
            previous = at;
        }
        s.history = new PurchaseHistory(versions, settled);
        readCoupons(s, in);
        s.handledUpTo = handled;
        readMarks(s, in);
        s.timer = readTime(in, handled);
        s.referral = readReferral(in);
        return s;
    }

    /** Versions 1 and 2: absolute times, and every field of a purchase. */
    private static CustomerState readAbsolute(DataInputView in, int version) throws IOException {
        CustomerState s = new CustomerState();
        long settled = readLong(in);
        int n = readCount(in);
        List<PurchaseHistory.Version> versions = new ArrayList<>(n);
        long previous = 0;
        for (int i = 0; i < n; i++) {
            int flags = in.readByte();
            var purchase = PurchasesSerializer.readPurchase(previous, in);
            long at = purchase.purchasedAt;
            long from = (flags & FROM_BOUNDED) != 0 ? at + readLong(in) : Long.MIN_VALUE;
            long to = (flags & TO_BOUNDED) != 0 ? at + readLong(in) : Long.MAX_VALUE;
            versions.add(new PurchaseHistory.Version(purchase, from, to));
            previous = at;
        }
        s.history = new PurchaseHistory(versions, settled);
        readCoupons(s, in);
        s.handledUpTo = readLong(in);
        readMarks(s, in);
        s.timer = readLong(in);
        s.referral = version >= 2 ? readReferral(in) : null;
        return s;
    }

    private static void readCoupons(CustomerState s, DataInputView in) throws IOException {
        int coupons = readCount(in);
        for (int i = 0; i < coupons; i++) {
            var coupon = CouponSerializer.INSTANCE.deserialize(in);
            s.coupons.put(coupon.couponId, coupon);
        }
        int plans = readCount(in);
        for (int i = 0; i < plans; i++) {
            String couponId = readString(in);
            s.couponReminders.put(couponId, CouponReminderSerializer.INSTANCE.deserialize(in));
        }
    }

    /** Stage, segment, scores and monetary cents. */
    private static void readMarks(CustomerState s, DataInputView in) throws IOException {
        s.stage = readCode(in, STAGES);
        s.segment = readCode(in, SEGMENTS);
        s.recencyScore = readInt(in);
        s.frequencyScore = readInt(in);
        s.monetaryScore = readInt(in);
        s.monetaryCents = readLong(in);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CustomerState> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
