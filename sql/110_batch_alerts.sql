-- 110_batch_alerts.sql: the batch reference of the order alerts (SPEC 4.2), PostgreSQL 13+ only.
--
-- Recomputes order_alert (001_tables.sql) from the plain orders table and batch_settings of
-- 099_batch_inputs.sql in the current schema. Run it after 099 (and 100 if wanted), in one
-- transaction:  psql -v ON_ERROR_STOP=1 --single-transaction -f sql/110_batch_alerts.sql
--
-- A plain orders table holds each order's final row, so the order's history is read from its
-- status times, the way a replay of the table publishes it (SPEC section 7): the row as inserted
-- at created_at; a version at each later status time (paid_at, shipped_at, delivered_at,
-- cancelled_at), its status that of the latest status time reached (at one instant the later of
-- PAID, SHIPPED, DELIVERED, CANCELLED), PENDING_PAYMENT before any; and the final row (its status,
-- e.g. REFUNDED or COMPLETED) from the latest of updated_at and those times. created_at, paid_at
-- and promised_delivery_at never move in such a history, so each alert has one due time, planned
-- by the first version that has it:
--   PAYMENT_DUE    created_at + payment deadline - payment lead, planned at created_at;
--   SHIP_LATE      paid_at + ship within, planned at the later of created_at and paid_at;
--   DELIVERY_LATE  promised_delivery_at if it is after paid_at, planned there too.
-- An alert is kept if due after it is planned, and fires if the order as of its due time (the
-- latest version at or before it) is then:
--   PAYMENT_DUE    PENDING_PAYMENT;
--   SHIP_LATE      PAID or PARTIALLY_REFUNDED, with no shipped_at or delivered_at reached;
--   DELIVERY_LATE  PAID, SHIPPED or PARTIALLY_REFUNDED, with no delivered_at reached.
-- It is due at most at as_of, and SUPPRESSED when due before suppress_before. alert_id is the
-- job's: the name-based (MD5, version 3) UUID of 'order-alert|<order_id>|<type>|<due epoch ms>'.
-- Plain SQL statements ending with a semicolon at the end of a line. Work tables: TEMP b_alert_*.

DROP TABLE IF EXISTS pg_temp.b_alert_settings;
CREATE TEMP TABLE b_alert_settings AS
SELECT
    COALESCE((SELECT alerts_payment_deadline FROM batch_settings), INTERVAL '24 hours')
        AS payment_deadline,
    COALESCE((SELECT alerts_payment_lead FROM batch_settings), INTERVAL '2 hours') AS payment_lead,
    COALESCE((SELECT alerts_ship_within FROM batch_settings), INTERVAL '48 hours') AS ship_within,
    COALESCE((SELECT alerts_types FROM batch_settings),
             CAST(ARRAY['PAYMENT_DUE', 'SHIP_LATE', 'DELIVERY_LATE'] AS VARCHAR[])) AS types,
    COALESCE((SELECT suppress_before FROM batch_settings), CAST('-infinity' AS TIMESTAMPTZ))
        AS suppress_before,
    COALESCE((SELECT as_of FROM batch_settings), CAST('infinity' AS TIMESTAMPTZ)) AS as_of;

-- Every alert an order plans, kept if due after the version that plans it.
DROP TABLE IF EXISTS pg_temp.b_alert_planned;
CREATE TEMP TABLE b_alert_planned AS
SELECT planned.*
FROM (
    SELECT o.order_id, 'PAYMENT_DUE' AS type,
           o.created_at + s.payment_deadline - s.payment_lead AS due_at,
           o.created_at AS planned_at
    FROM orders o CROSS JOIN b_alert_settings s
    UNION ALL
    SELECT o.order_id, 'SHIP_LATE', o.paid_at + s.ship_within, GREATEST(o.created_at, o.paid_at)
    FROM orders o CROSS JOIN b_alert_settings s
    WHERE o.paid_at IS NOT NULL
    UNION ALL
    SELECT o.order_id, 'DELIVERY_LATE', o.promised_delivery_at, GREATEST(o.created_at, o.paid_at)
    FROM orders o
    WHERE o.paid_at IS NOT NULL AND o.promised_delivery_at > o.paid_at
) planned
CROSS JOIN b_alert_settings s
WHERE planned.type = ANY (s.types)
  AND planned.due_at > planned.planned_at
  AND planned.due_at <= s.as_of;

-- The order as of each due time: its status, and whether it had shipped or been delivered.
DROP TABLE IF EXISTS pg_temp.b_alert_as_of;
CREATE TEMP TABLE b_alert_as_of AS
SELECT
    p.order_id,
    p.type,
    p.due_at,
    o.customer_id,
    CASE
        WHEN p.due_at >= GREATEST(o.updated_at, o.created_at, o.paid_at, o.shipped_at,
                                  o.delivered_at, o.cancelled_at)
            THEN o.status
        ELSE COALESCE(
            (SELECT st.status
             FROM (VALUES (o.paid_at, 'PAID', 1), (o.shipped_at, 'SHIPPED', 2),
                          (o.delivered_at, 'DELIVERED', 3), (o.cancelled_at, 'CANCELLED', 4))
                  AS st(at, status, rank)
             WHERE st.at <= p.due_at
             ORDER BY st.at DESC, st.rank DESC
             LIMIT 1),
            'PENDING_PAYMENT')
    END AS status,
    COALESCE(o.shipped_at <= p.due_at, FALSE) AS shipped,
    COALESCE(o.delivered_at <= p.due_at, FALSE) AS delivered
FROM b_alert_planned p
JOIN orders o ON o.order_id = p.order_id;

DELETE FROM order_alert;
INSERT INTO order_alert (alert_id, type, order_id, customer_id, due_at, status)
SELECT
    substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-3' || substr(h, 14, 3) || '-'
        || to_hex((('x' || substr(h, 17, 2))::bit(8)::int & 63) | 128) || substr(h, 19, 2) || '-'
        || substr(h, 21, 12),
    a.type,
    a.order_id,
    a.customer_id,
    a.due_at,
    CASE WHEN a.due_at < s.suppress_before THEN 'SUPPRESSED' ELSE 'SENT' END
FROM (
    SELECT a.*,
           md5('order-alert|' || a.order_id || '|' || a.type || '|'
               || (EXTRACT(EPOCH FROM a.due_at) * 1000)::bigint) AS h
    FROM b_alert_as_of a
    WHERE CASE a.type
        WHEN 'PAYMENT_DUE' THEN a.status = 'PENDING_PAYMENT'
        WHEN 'SHIP_LATE' THEN a.status IN ('PAID', 'PARTIALLY_REFUNDED')
                              AND NOT a.shipped AND NOT a.delivered
        ELSE a.status IN ('PAID', 'SHIPPED', 'PARTIALLY_REFUNDED') AND NOT a.delivered
    END
) a
CROSS JOIN b_alert_settings s;

DROP TABLE pg_temp.b_alert_settings;
DROP TABLE pg_temp.b_alert_planned;
DROP TABLE pg_temp.b_alert_as_of;
