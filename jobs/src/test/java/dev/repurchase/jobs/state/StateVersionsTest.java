package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateSerializersTest.DAY;
import static dev.repurchase.jobs.state.StateSerializersTest.T0;
import static dev.repurchase.jobs.state.StateSerializersTest.abuseFlag;
import static dev.repurchase.jobs.state.StateSerializersTest.campaignEffectRow;
import static dev.repurchase.jobs.state.StateSerializersTest.changesAfterSettleTime;
import static dev.repurchase.jobs.state.StateSerializersTest.coupon;
import static dev.repurchase.jobs.state.StateSerializersTest.couponTrigger;
import static dev.repurchase.jobs.state.StateSerializersTest.customer;
import static dev.repurchase.jobs.state.StateSerializersTest.customerWithWholePurchases;
import static dev.repurchase.jobs.state.StateSerializersTest.flaggedEntry;
import static dev.repurchase.jobs.state.StateSerializersTest.flashSaleOrder;
import static dev.repurchase.jobs.state.StateSerializersTest.flashSaleRecord;
import static dev.repurchase.jobs.state.StateSerializersTest.heldOrder;
import static dev.repurchase.jobs.state.StateSerializersTest.line;
import static dev.repurchase.jobs.state.StateSerializersTest.orderAlert;
import static dev.repurchase.jobs.state.StateSerializersTest.orphanLines;
import static dev.repurchase.jobs.state.StateSerializersTest.paidOrder;
import static dev.repurchase.jobs.state.StateSerializersTest.periodRow;
import static dev.repurchase.jobs.state.StateSerializersTest.plannedAlerts;
import static dev.repurchase.jobs.state.StateSerializersTest.predictedProfile;
import static dev.repurchase.jobs.state.StateSerializersTest.predictionModel;
import static dev.repurchase.jobs.state.StateSerializersTest.profile;
import static dev.repurchase.jobs.state.StateSerializersTest.purchase;
import static dev.repurchase.jobs.state.StateSerializersTest.purchaseOutcome;
import static dev.repurchase.jobs.state.StateSerializersTest.rankedOrders;
import static dev.repurchase.jobs.state.StateSerializersTest.referredCustomer;
import static dev.repurchase.jobs.state.StateSerializersTest.reminder;
import static dev.repurchase.jobs.state.StateSerializersTest.reminderTrigger;
import static dev.repurchase.jobs.state.StateSerializersTest.settledExclusion;
import static dev.repurchase.jobs.state.StateSerializersTest.settledOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.referral.CustomerRow;
import dev.repurchase.common.referral.CustomerRowChange;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.CustomerState;
import java.io.IOException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The versions of the state formats: version 0 (Flink's POJO serializers, before explicit ones) is
 * migrated; version 1 is read as it was written, byte for byte; a version from a later job is
 * refused.
 */
class StateVersionsTest {

    /**
     * A serializer, a value, and the value in format version 1 as that version's serializer wrote
     * it when the version was made: a change of the format without a new version fails here.
     */
    /** A value in the current format {@code version} of its serializer, as bytes. */
    record Pinned<T>(VersionedSerializer<T> serializer, int version, T value, String hex) {
        Pinned(VersionedSerializer<T> serializer, T value, String hex) {
            this(serializer, 1, value, hex);
        }

        @Override
        public String toString() {
            return serializer.typeClass().getSimpleName();
        }
    }

    /** The order's formats before state version 4 (no device, IP and address hashes). */
    static final String PAID_ORDER_VERSION_1 =
            "046f2d310001a0a79ecbb065aab4de750401046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb706113966383664303831383834633764363500076f726465727302ae47";

    static final String LINE_VERSION_1 =
            "046f2d310101a0c7a193aa6501000001046f2d31060738353132334105686f6d650c0000000600ff00000002000000";

    static final String HELD_ORDER_VERSION_1 =
            "010001a0a79ecbb065aab4de7504046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436350104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d310000000002020001a0a79ecbb065aab4de75000738353132334105686f6d650c0000000600ff00000002010c6f726465725f6974656d7302b047040101000202063731303533000200000000000202";

    static final String ORPHAN_LINES_VERSION_1 =
            "000001a0d785d4ae65010400000004746561040000000601c2000000020000c801";

    /** The order record's format 2 (state version 4): the lines one by one, no alerts. */
    static final String HELD_ORDER_VERSION_2 =
            "010001a0a79ecbb065aab4de7504046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436350000000104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d31000000000002020001a0a79ecbb065aab4de75000738353132334105686f6d650c0000000600ff00000002010c6f726465725f6974656d7302b047040101000202063731303533000200000000000202";

    static final String ORPHAN_LINES_VERSION_2 =
            "000001a0d785d4ae6500010400000004746561040000000601c2000000020000c801";

    static final String FLASH_SALE_RECORD_VERSION_2 =
            "010001a0a79ecbb065aab4de7504046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436351164343164386364393866303062323034116533623063343432393866633163313411613636356134353932303432326639640104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d310000000007737072696e6702020001a0a79ecbb065aab4de75000738353132334105686f6d650c0000000600ff00000002010c6f726465725f6974656d7302b047040101000202063731303533000200000000000202";

    /**
     * The order record's format 3 (state version 5): no changes after the settle time, and a
     * settled order without its settle time.
     */
    static final String HELD_ORDER_VERSION_3 =
            "010001a0a79ecbb065aab4de750401046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436350000000104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d310000000000000022020202a0a79ecbb065aab4de750005686f6d650c0104f4170403000202000201000000";

    static final String ORPHAN_LINES_VERSION_3 =
            "000001a0d785d4ae650000001501040404746561040104880e00010484070000c80100";

    static final String SETTLED_ORDER_VERSION_3 =
            "010001a0a79ecbb065aab4de7504000104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d310000000000010c010101a0c7a193aa650e0004632d31030180fcc34b0000010201a0e6ea93aa651204000301819f490180c19ca40101de9995ecd59affffff010601a0b7d4e5aa65000004632d31030000000001a0c3e5deaa65";

    static final String FLASH_SALE_RECORD_VERSION_3 =
            "010001a0a79ecbb065aab4de750401046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436351164343164386364393866303062323034116533623063343432393866633163313411613636356134353932303432326639640104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d310000000007737072696e67000022020202a0a79ecbb065aab4de750005686f6d650c0104f4170403000202000201000000";

    /** profile() with neither habitual hour nor weekday, in format version 1. */
    private static final String PROFILE_VERSION_1 =
            "04632d3101a0c7a193aa6501a0c794f3c36506cad70101a0878ee3d06507414354495645010a01040008524547554c4152";

    /** customerWithWholePurchases() in CustomerState's format version 1 (state versions 1 to 3). */
    private static final String CUSTOMER_VERSION_1 =
            "a0b7d4e5aa650300046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d3103046f2d3280d098f701ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d3280bab70380f0e0f80a01046f2d33ffbfcbc902ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d3380f0a5b21a010563702d3104632d3107737072696e67a0c7a193aa6580a0f6a71300010563702d3103a0c7a193aa6580f0b25203a097ffc3bb65e0e880bcc49affffff0103a0e797bbbd65000307737072696e6700a0a787b8ab65a0a787b8ab65030304060a8cc878a0a7848be465";

    /** referredCustomer() in CustomerState's format version 2 (state version 4). */
    private static final String REFERRED_CUSTOMER_VERSION_2 =
            "ffffffffffffffffff01000000ffffffffffffffffff01000000000000feffffffffffffffff010101a0d7eec0a9650304632d3904632d38";

    /** Two purchases in the timeline's format version 1 (state versions 1 to 4). */
    private static final String PURCHASES_VERSION_1 =
            "02046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d31046f2d3280f0b252ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d32";

    /** A deleted referral_commission row in format version 1 (state version 4). */
    private static final String REFERRAL_COMMISSION_VERSION_1 =
            "0004632d39046f2d310204632d31a0c7a193aa659c137c";

    /** A referral_stat row (SPEC 8.1, new in state version 4). */
    private static MetricRow referralStatRow() {
        return new MetricRow(
                MetricKey.referralStat(PeriodType.MONTH, java.time.LocalDate.of(2025, 3, 1), "c-9"),
                new long[] {1, 2, 3_000, 150});
    }

    static Stream<Pinned<?>> version1() {
        return Stream.of(
                new Pinned<>(
                        OrderChangeSerializer.INSTANCE,
                        2,
                        paidOrder(),
                        "046f2d310001a0a79ecbb065aab4de750401046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb706113966383664303831383834633764363500000000076f726465727302ae47"),
                new Pinned<>(
                        OrderChangeSerializer.INSTANCE,
                        2,
                        line(),
                        "046f2d310101a0c7a193aa6501000001046f2d31060738353132334105686f6d650c0000000600ff00000002000000"),
                new Pinned<>(
                        OrderOutcomeSerializer.INSTANCE,
                        purchaseOutcome(),
                        "04632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d31000000"),
                new Pinned<>(
                        OrderRecordSerializer.INSTANCE,
                        4,
                        heldOrder(),
                        "010001a0a79ecbb065aab4de750401046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436350000000104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d310000000000000022020202a0a79ecbb065aab4de750005686f6d650c0104f41704030002020002010000000000"),
                new Pinned<>(
                        OrderRecordSerializer.INSTANCE,
                        4,
                        orphanLines(),
                        "000001a0d785d4ae650000001501040404746561040104880e00010484070000c801000000"),
                new Pinned<>(
                        OrderRecordSerializer.INSTANCE,
                        4,
                        settledOrder(),
                        "010001a0a79ecbb065aab4de7504000104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d31000000000000010c010101a0c7a193aa650e0004632d31030180fcc34b0000010201a0e6ea93aa651204000301819f490180c19ca40101de9995ecd59affffff010601a0b7d4e5aa65000004632d31030000000001a0c3e5deaa65"),
                new Pinned<>(
                        OrderRecordSerializer.INSTANCE,
                        4,
                        settledExclusion(),
                        "010001a0a79ecbb065aab4de7504000100000562756c6ba0c7a193aa65f2c001000000010c0205686f6d6505686f6d6500"),
                new Pinned<>(
                        OrderRecordSerializer.INSTANCE,
                        4,
                        changesAfterSettleTime(),
                        "010001a0a79ecbb065aab4de750401046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436350000000104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d31000000000001a0a7f7eafd650022020202a0a79ecbb065aab4de750005686f6d650c0104f4170403000202000201000001046f2d310101a0d7f5868166c0b4de75000001046f2d31060738353132334105686f6d650c0000000600ff000000020c6f726465725f6974656d7302f0470280f0b25280e0fcb70600"),
                new Pinned<>(
                        CouponChangeSerializer.INSTANCE,
                        CouponChange.of(coupon(), false, new SourcePosition(T0, 7, 0)),
                        "0563702d310001a0c7a193aa650e00010563702d3104632d3107737072696e67a0c7a193aa6580a0f6a71300"),
                new Pinned<>(
                        PurchasesSerializer.INSTANCE,
                        2,
                        new Purchase[] {purchase("o-1", T0), purchase("o-2", T0 + DAY)},
                        "02056f2d318bf2adf819ee470307636f6666656505746561010661707009736f757468000b63702d6f2d31056f2d32838c15ee47030102010304000c63702d6f2d32"),
                new Pinned<>(
                        CategoryCycleSerializer.INSTANCE,
                        new CategoryCycle("coffee", 25, 28),
                        "07636f666665653238"),
                new Pinned<>(
                        CouponSerializer.INSTANCE,
                        coupon(),
                        "0563702d3104632d3107737072696e67a0c7a193aa6580a0f6a71300"),
                new Pinned<>(
                        CouponReminderSerializer.INSTANCE,
                        reminder(),
                        "03a0c7a193aa6580f0b25203a097ffc3bb65e0e880bcc49affffff0103a0e797bbbd65000307737072696e6700a0a787b8ab65"),
                new Pinned<>(
                        CustomerProfileSerializer.INSTANCE,
                        3,
                        profile(),
                        "05632d31bf0706cad7018bf2adf81983e0cb0683f0a503020a04052802"),
                new Pinned<>(
                        CustomerProfileSerializer.INSTANCE,
                        3,
                        predictedProfile(),
                        "05632d31bf1f06cad7018bf2adf81983e0cb0683f0a503020a040528023fe80000000000003ff8000000000000"),
                new Pinned<>(
                        PredictionModelSerializer.INSTANCE,
                        predictionModel(),
                        "a0b7d4e5aa6580897a3fe0000000000000403e0000000000003ff3333333333333400c000000000000c167d78400000000014019000000000000400deb851eb851ec402ee147ae147ae1"),
                new Pinned<>(
                        TriggerSerializer.INSTANCE,
                        reminderTrigger(),
                        "093566306333613965135245504c454e4953485f52454d494e44455204632d31a0b7999fba6501ffeff78b100180b0fe9b0307636f6666656505434f524535657870656374656420726570757263686173652061667465722033302064617973202863617465676f72792064656661756c74290553454e54000000"),
                new Pinned<>(
                        TriggerSerializer.INSTANCE,
                        couponTrigger(),
                        "09306237643434653110434f55504f4e5f4558504952494e4704632d32ffefb2520000000027636f75706f6e2063702d31206f662063616d706169676e20737072696e6720657870697265730b535550505245535345440563702d3107737072696e67018190cdadffffffffff01"),
                new Pinned<>(
                        OrderAlertsSerializer.INSTANCE,
                        plannedAlerts(),
                        "0101a0c7a193aa650e0004632d31030180fcc34b0000010201a0e6ea93aa651204000301819f490180c19ca40101de9995ecd59affffff010601a0b7d4e5aa65000004632d31030000000001a0c3e5deaa65"),
                new Pinned<>(
                        OrderAlertSerializer.INSTANCE,
                        orderAlert(),
                        "2531633338326330392d323530332d333131652d383638322d6338306531663836343466390a534849505f4c415445046f2d3104632d31a0a787b8ab650553454e54"),
                new Pinned<>(
                        OrderRecordSerializer.INSTANCE,
                        4,
                        flashSaleRecord(),
                        "010001a0a79ecbb065aab4de750401046f2d3104632d3108f2c001a01f0445555204776562066e6f72746807737072696e670563702d31a0c7a193aa6501c0a9070180f0b2520180d098f7010180e0e5a401000180e0fcb70611396638366430383138383463376436351164343164386364393866303062323034116533623063343432393866633163313411613636356134353932303432326639640104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d310000000007737072696e67000022020202a0a79ecbb065aab4de750005686f6d650c0104f41704030002020002010000000000"),
                new Pinned<>(
                        FlashSaleOrderSerializer.INSTANCE,
                        flashSaleOrder(),
                        "07737072696e67046f2d3104632d31e0f0a893aa65f2c0011164343164386364393866303062323034001161363635613435393230343232663964010104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d31000000"),
                new Pinned<>(
                        FlashSaleEntrySerializer.INSTANCE,
                        flaggedEntry(),
                        "07737072696e67046f2d3104632d31e0f0a893aa65f2c0011164343164386364393866303062323034001161363635613435393230343232663964010104632d3101046f2d31a0c7a193aa65ee470307636f666665650474656107636f666665650461707006736f757468000763702d6f2d31000000040401"),
                new Pinned<>(
                        RankedOrdersSerializer.INSTANCE,
                        rankedOrders(),
                        "03a0c7a193aa65046f2d3100046f2d32c0a907056f2d3130"),
                new Pinned<>(
                        AbuseFlagSerializer.INSTANCE,
                        abuseFlag(),
                        "046f2d3207737072696e6704632d320764657669636504e0f0a893aa65a0b7d4e5aa650111643431643863643938663030623230340000"),
                new Pinned<>(
                        MetricRowSerializer.INSTANCE,
                        periodRow(),
                        "010103e8ba020963617465676f727907636f66666565000b181104041a170882870cdbca0cc243"),
                new Pinned<>(
                        CustomerStateSerializer.INSTANCE,
                        3,
                        customer(),
                        "a0a787b8ab65818c150300056f2d3181982aee4707636f666665650863702d6f2d3103056f2d3283a43fee47010963702d6f2d32c37083cce60201056f2d3381b054ee47010a63702d6f2d3383ece006010563702d3104632d3107737072696e67a0c7a193aa6580a0f6a71300010563702d3103a0c7a193aa6580f0b25203a097ffc3bb65e0e880bcc49affffff0103a0e797bbbd65000307737072696e6700a0a787b8ab65030304060a8cc87883a0c00e00"),
                new Pinned<>(
                        CustomerStateSerializer.INSTANCE,
                        3,
                        referredCustomer(),
                        "ffffffffffffffffff0101000000000000000000000101a0d7eec0a9650304632d3904632d38"),
                new Pinned<>(
                        CustomerRowChangeSerializer.INSTANCE,
                        CustomerRowChange.of(
                                new CustomerRow("c-1", "c-9", T0),
                                false,
                                new SourcePosition(T0, 7, 0)),
                        "0001a0c7a193aa650e0004632d3104632d3901a0c7a193aa65"),
                new Pinned<>(
                        ReferralCommissionSerializer.INSTANCE,
                        2,
                        referralCommission(T0),
                        REFERRAL_COMMISSION_VERSION_1 + "a0c7a193aa65"),
                new Pinned<>(
                        MetricRowSerializer.INSTANCE,
                        referralStatRow(),
                        "010c03e8ba020004632d3900050202ec2ec32c"),
                new Pinned<>(
                        MetricRowSerializer.INSTANCE,
                        campaignEffectRow(),
                        "010a00000007737072696e6700055037c004df03"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("version1")
    <T> void theCurrentVersionIsWrittenAndReadByteForByte(Pinned<T> v) throws IOException {
        assertThat(v.serializer.currentVersion()).isEqualTo(v.version);
        DataOutputSerializer out = new DataOutputSerializer(64);
        v.serializer.serialize(v.value, out);
        assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer()))
                .as("the current format: a changed format needs a new version")
                .isEqualTo(v.hex);
        T read =
                v.serializer.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(v.hex)));
        assertThat(read).usingRecursiveComparison().isEqualTo(v.value);
    }

    /**
     * The types state version 0 had: the order record is new in state version 2, the order alerts
     * in state version 3.
     */
    static Stream<Pinned<?>> version0() {
        return version1()
                .filter(
                        v ->
                                v.serializer != OrderRecordSerializer.INSTANCE
                                        && v.serializer != PredictionModelSerializer.INSTANCE
                                        && v.serializer != OrderAlertsSerializer.INSTANCE
                                        && v.serializer != OrderAlertSerializer.INSTANCE
                                        && !v.serializer
                                                .typeClass()
                                                .getPackageName()
                                                .endsWith(".abuse")
                                        && v.serializer != CustomerStateSerializer.INSTANCE
                                        && v.serializer != CustomerRowChangeSerializer.INSTANCE
                                        && v.serializer != ReferralCommissionSerializer.INSTANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("version0")
    <T> void version0TheFlinkPojoIsMigrated(Pinned<T> v) throws IOException {
        TypeSerializer<T> pojo =
                TypeInformation.of(v.serializer.typeClass())
                        .createSerializer(new SerializerConfigImpl());
        TypeSerializerSnapshot<T> old = pojo.snapshotConfiguration();

        assertThat(
                        v.serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isCompatibleAfterMigration())
                .as("%s of state version 0", old.getClass().getSimpleName())
                .isTrue();

        // What Flink does then: read with the restored old serializer, write with the new one.
        DataOutputSerializer version0 = new DataOutputSerializer(64);
        pojo.serialize(v.value, version0);
        T migrated =
                old.restoreSerializer()
                        .deserialize(new DataInputDeserializer(version0.getCopyOfBuffer()));
        DataOutputSerializer version1 = new DataOutputSerializer(64);
        v.serializer.serialize(migrated, version1);
        assertThat(v.serializer.deserialize(new DataInputDeserializer(version1.getCopyOfBuffer())))
                .usingRecursiveComparison()
                .isEqualTo(v.value);
    }

    /**
     * Version 2 of the order change and of the order record added the order's device, IP and
     * address hashes, and the record's flash sale (state version 4): version 1 is read without
     * them.
     */
    @Test
    void version1OfTheOrderChangeAndRecordIsStillRead() throws IOException {
        OrderChangeSerializer.Snapshot changes = new OrderChangeSerializer.Snapshot();
        changes.readSnapshot(
                1, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        OrderRecordSerializer.Snapshot records = new OrderRecordSerializer.Snapshot();
        records.readSnapshot(
                1, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());

        assertThat(read(changes, PAID_ORDER_VERSION_1))
                .usingRecursiveComparison()
                .isEqualTo(paidOrder());
        assertThat(read(changes, LINE_VERSION_1)).usingRecursiveComparison().isEqualTo(line());
        assertThat(read(records, HELD_ORDER_VERSION_1))
                .usingRecursiveComparison()
                .isEqualTo(heldOrder());
        assertThat(read(records, ORPHAN_LINES_VERSION_1))
                .usingRecursiveComparison()
                .isEqualTo(orphanLines());
        assertThat(
                        OrderRecordSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(records)
                                .isCompatibleAfterMigration())
                .isTrue();
        assertThat(
                        OrderChangeSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(changes)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    /**
     * Version 4 of the order record (state version 6) keeps the changes after the settle time:
     * version 3 is read with none.
     */
    @Test
    void version3OfTheOrderRecordIsStillRead() throws IOException {
        OrderRecordSerializer.Snapshot version3 = migratedOrderRecordFormat(3);

        assertThat(read(version3, HELD_ORDER_VERSION_3))
                .usingRecursiveComparison()
                .isEqualTo(heldOrder());
        assertThat(read(version3, ORPHAN_LINES_VERSION_3))
                .usingRecursiveComparison()
                .isEqualTo(orphanLines());
        assertThat(read(version3, SETTLED_ORDER_VERSION_3))
                .usingRecursiveComparison()
                .isEqualTo(settledOrder());
        assertThat(read(version3, FLASH_SALE_RECORD_VERSION_3))
                .usingRecursiveComparison()
                .isEqualTo(flashSaleRecord());
    }

    /**
     * Version 3 of the order record (state version 5) keeps the lines as one blob, the alerts and
     * the settling: version 2 is read with its lines made the blob, without alerts and settle time.
     */
    @Test
    void version2OfTheOrderRecordIsStillRead() throws IOException {
        OrderRecordSerializer.Snapshot version2 = migratedOrderRecordFormat(2);

        assertThat(read(version2, HELD_ORDER_VERSION_2))
                .usingRecursiveComparison()
                .isEqualTo(heldOrder());
        assertThat(read(version2, ORPHAN_LINES_VERSION_2))
                .usingRecursiveComparison()
                .isEqualTo(orphanLines());
        assertThat(read(version2, FLASH_SALE_RECORD_VERSION_2))
                .usingRecursiveComparison()
                .isEqualTo(flashSaleRecord());
    }

    /** The order record's snapshot of format {@code version}: the current format migrates it. */
    private OrderRecordSerializer.Snapshot migratedOrderRecordFormat(int version)
            throws IOException {
        OrderRecordSerializer.Snapshot snapshot = new OrderRecordSerializer.Snapshot();
        snapshot.readSnapshot(
                version, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        assertThat(
                        OrderRecordSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(snapshot)
                                .isCompatibleAfterMigration())
                .isTrue();
        return snapshot;
    }

    /** Version 2 of a referral_commission row added its version (state version 5). */
    @Test
    void version1OfAReferralCommissionIsReadWithAnUnknownVersion() throws IOException {
        ReferralCommissionSerializer.Snapshot version1 =
                new ReferralCommissionSerializer.Snapshot();
        version1.readSnapshot(
                1, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());

        assertThat(read(version1, REFERRAL_COMMISSION_VERSION_1))
                .usingRecursiveComparison()
                .isEqualTo(referralCommission(Long.MIN_VALUE));
        assertThat(
                        ReferralCommissionSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(version1)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    /** A deleted row of referral_commission as of {@code version}. */
    private static ReferralCommission referralCommission(long version) {
        ReferralCommission c = new ReferralCommission("c-9", "o-1", 1, "c-1", T0, 12_30, 62).gone();
        c.version = version;
        return c;
    }

    /** Version 2 of the customer state added the referral (state version 4): none before. */
    @Test
    void version1OfTheCustomerStateIsReadWithoutReferral() throws IOException {
        CustomerStateSerializer.Snapshot version1 = customerStateSnapshot(1);

        assertThat(read(version1, CUSTOMER_VERSION_1))
                .usingRecursiveComparison()
                .isEqualTo(customerWithWholePurchases());
        assertThat(
                        CustomerStateSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(version1)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    /**
     * Version 3 of the customer state (state version 5) writes times as differences and keeps what
     * the planners read of a purchase: version 2 is read as it was, and written again without a
     * purchase's categories, channel, region and campaign.
     */
    @Test
    void version2OfTheCustomerStateIsReadAndMigrated() throws IOException {
        CustomerStateSerializer.Snapshot version2 = customerStateSnapshot(2);

        CustomerState read = read(version2, CUSTOMER_VERSION_1 + "00");
        assertThat(read).usingRecursiveComparison().isEqualTo(customerWithWholePurchases());
        assertThat(read(version2, REFERRED_CUSTOMER_VERSION_2))
                .usingRecursiveComparison()
                .isEqualTo(referredCustomer());
        assertThat(CustomerStateSerializer.INSTANCE.copy(read))
                .usingRecursiveComparison()
                .isEqualTo(customer());
        assertThat(
                        CustomerStateSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(version2)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    private CustomerStateSerializer.Snapshot customerStateSnapshot(int version) throws IOException {
        CustomerStateSerializer.Snapshot snapshot = new CustomerStateSerializer.Snapshot();
        snapshot.readSnapshot(
                version, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        return snapshot;
    }

    /** Version 2 of the timeline's purchases (state version 5) is compact: version 1 is read. */
    @Test
    void version1OfThePurchasesIsStillRead() throws IOException {
        PurchasesSerializer.Snapshot version1 = new PurchasesSerializer.Snapshot();
        version1.readSnapshot(
                1, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());

        assertThat(read(version1, PURCHASES_VERSION_1))
                .usingRecursiveComparison()
                .isEqualTo(new Purchase[] {purchase("o-1", T0), purchase("o-2", T0 + DAY)});
        assertThat(
                        PurchasesSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(version1)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    private static <T> T read(TypeSerializerSnapshot<T> snapshot, String hex) throws IOException {
        return snapshot.restoreSerializer()
                .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(hex)));
    }

    /** Version 3 of the profile (state version 5) is compact: version 2 is still read. */
    @Test
    void version2OfTheProfileIsStillRead() throws IOException {
        CustomerProfileSerializer.Snapshot version2 = new CustomerProfileSerializer.Snapshot();
        version2.readSnapshot(
                2, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());

        assertThat(read(version2, PROFILE_VERSION_1 + "01280102000000"))
                .usingRecursiveComparison()
                .isEqualTo(profile());
        assertThat(
                        read(
                                version2,
                                PROFILE_VERSION_1
                                        + "01280102013fe8000000000000013ff800000000000000"))
                .usingRecursiveComparison()
                .isEqualTo(predictedProfile());
        assertThat(
                        CustomerProfileSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(version2)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    /** Version 2 of the profile added the habitual hour and weekday (state version 3). */
    @Test
    void version1OfTheProfileIsStillRead() throws IOException {
        CustomerProfileSerializer.Snapshot version1 = new CustomerProfileSerializer.Snapshot();
        version1.readSnapshot(
                1, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        CustomerProfile expected = profile();
        expected.habitualHour = null;
        expected.habitualWeekday = null;

        assertThat(
                        version1.restoreSerializer()
                                .deserialize(
                                        new DataInputDeserializer(
                                                HexFormat.of().parseHex(PROFILE_VERSION_1))))
                .usingRecursiveComparison()
                .isEqualTo(expected);
        assertThat(
                        CustomerProfileSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(version1)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    @Test
    void theSameVersionIsCompatibleAsIs() {
        assertThat(
                        CustomerProfileSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(
                                        CustomerProfileSerializer.INSTANCE.snapshotConfiguration())
                                .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void anotherSerializerIsIncompatible() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<Object> strings =
                (TypeSerializerSnapshot) StringSerializer.INSTANCE.snapshotConfiguration();
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<Object> profiles =
                (TypeSerializerSnapshot) CustomerProfileSerializer.INSTANCE.snapshotConfiguration();
        assertThat(profiles.resolveSchemaCompatibility(strings).isIncompatible()).isTrue();
    }

    @Test
    void aVersionFromALaterJobIsRefused() {
        CustomerProfileSerializer.Snapshot snapshot = new CustomerProfileSerializer.Snapshot();
        assertThatThrownBy(
                        () ->
                                snapshot.readSnapshot(
                                        CustomerProfileSerializer.VERSION + 1,
                                        new DataInputDeserializer(new byte[0]),
                                        getClass().getClassLoader()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown to this version of the job");
    }

    /** RocksDB cannot migrate keys: the metric key keeps the POJO serializer it always had. */
    @Test
    void theMetricKeyStaysAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MetricKey.class);
    }
}
