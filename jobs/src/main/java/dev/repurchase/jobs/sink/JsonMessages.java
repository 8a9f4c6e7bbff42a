package dev.repurchase.jobs.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.ingest.OrderAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of the Kafka outputs: one object per message, snake_case fields, times as ISO-8601 UTC.
 * No contact data is ever part of them.
 */
final class JsonMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonMessages() {}

    static byte[] trigger(Trigger t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger_id", t.triggerId);
        m.put("type", t.type);
        m.put("customer_id", t.customerId);
        m.put("due_at", iso(t.dueAt));
        m.put("last_purchase_at", t.lastPurchaseAt == null ? null : iso(t.lastPurchaseAt));
        m.put("expected_at", t.expectedAt == null ? null : iso(t.expectedAt));
        m.put("category", t.category);
        m.put("segment", t.segment);
        m.put("reason", t.reason);
        if (t.couponId != null) {
            m.put("coupon_id", t.couponId);
            m.put("campaign_id", t.campaignId);
            m.put("expires_at", t.expiresAt == null ? null : iso(t.expiresAt));
        }
        return write(m);
    }

    static byte[] orderAlert(OrderAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert_id", a.alertId);
        m.put("type", a.type);
        m.put("order_id", a.orderId);
        m.put("customer_id", a.customerId);
        m.put("due_at", iso(a.dueAt));
        return write(m);
    }

    /** The device, IP and address only as the keyed hashes the job holds. */
    static byte[] abuseAlert(AbuseFlag f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order_id", f.orderId);
        m.put("customer_id", f.customerId);
        m.put("campaign_id", f.campaignId);
        m.put("rule", f.rule);
        m.put("rank", f.rank);
        m.put("purchase_at", iso(f.purchaseAt));
        m.put("flagged_at", iso(f.changedAt));
        m.put("device_hash", f.deviceHash);
        m.put("ip_hash", f.ipHash);
        m.put("address_hash", f.addressHash);
        return write(m);
    }

    static byte[] lifecycleEvent(LifecycleEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", e.eventId);
        m.put("customer_id", e.customerId);
        m.put("from_stage", e.fromStage);
        m.put("to_stage", e.toStage);
        m.put("at", iso(e.at));
        m.put("reason", e.reason);
        return write(m);
    }

    static byte[] deadLetter(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", d.reason);
        m.put("source_topic", d.topic);
        m.put("source_partition", d.partition);
        m.put("source_offset", d.offset);
        m.put("excerpt", d.excerpt);
        return write(m);
    }

    static byte[] key(String customerId) {
        return customerId.getBytes(StandardCharsets.UTF_8);
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static byte[] write(Map<String, Object> message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.keySet(), e);
        }
    }
}
