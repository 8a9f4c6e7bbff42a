-- 130_batch_referral.sql: the batch reference of the referral commissions (SPEC 8.1),
-- PostgreSQL 13+ only.
--
-- Recomputes from scratch, from the plain tables of 099_batch_inputs.sql (customers,
-- batch_settings, referral_settings) and the orders' outcomes 100_batch_metrics.sql left in
-- batch_order_outcome (the valid-purchase rule of SPEC section 2 lives there only), in the
-- current schema, the contract tables
--   referral_commission  what each referrer is owed now, per order and level
--   referral_stat        referral_commission summed per referrer and period of the purchase
-- It is the independent check of the streaming job, so it follows SPEC 8.1 literally:
-- a customer's chain goes up customers.referrer_id (level 1 the referrer, level 2 the
-- referrer's referrer...) up to referral.levels, and stops before a customer already in it (the
-- customer themselves: a self-referral; or a cycle). Every valid purchase (SPEC section 2) made at
-- or after the customer's registered_at and less than window_days x 24 h after it earns each
-- referrer of the chain ROUND(net_amount x rate(level), 2) (half up: amounts are positive).
--
-- Run it after 100_batch_metrics.sql (over the same orders), in one transaction:
--   psql -v ON_ERROR_STOP=1 --single-transaction -f sql/130_batch_referral.sql
-- Plain SQL statements ending with a semicolon at the end of a line, so the jobs' splitter can
-- run it too. Work tables are TEMP tables r_*.

-- The settings, a NULL (or a missing row) taking the job option's default.
DROP TABLE IF EXISTS pg_temp.r_settings;
CREATE TEMP TABLE r_settings AS
SELECT
    COALESCE((SELECT timezone FROM batch_settings), 'UTC') AS timezone,
    COALESCE((SELECT period_types FROM batch_settings),
             CAST(ARRAY['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] AS VARCHAR[])) AS period_types,
    COALESCE((SELECT levels FROM referral_settings), 2) AS levels,
    COALESCE((SELECT rates FROM referral_settings), CAST(ARRAY[0.05, 0.02] AS NUMERIC[])) AS rates,
    COALESCE((SELECT window_days FROM referral_settings), 365) AS window_days;

-- The valid purchases (SPEC section 2), as 100_batch_metrics.sql decided them (flash-sale abuse
-- of SPEC 8.2 included: an order excluded as 'abuse' earns no commission).
DROP TABLE IF EXISTS pg_temp.r_purchase;
CREATE TEMP TABLE r_purchase AS
SELECT order_id, customer_id, purchase_at AS purchased_at, net_amount
FROM batch_order_outcome
WHERE outcome = 'valid';

-- Each customer's chain: one row per level, walking up referrer_id until the levels run out,
-- a customer has no referrer, or the next referrer is already in the path (self or cycle).
DROP TABLE IF EXISTS pg_temp.r_chain;
CREATE TEMP TABLE r_chain AS
WITH RECURSIVE chain (customer_id, level, referrer_id, path) AS (
    SELECT c.customer_id, 1, c.referrer_id,
           ARRAY[CAST(c.customer_id AS TEXT), CAST(c.referrer_id AS TEXT)]
    FROM customers c
    CROSS JOIN r_settings s
    WHERE s.levels >= 1
      AND NULLIF(c.referrer_id, '') IS NOT NULL
      AND c.referrer_id <> c.customer_id
    UNION ALL
    SELECT ch.customer_id, ch.level + 1, up.referrer_id,
           ch.path || CAST(up.referrer_id AS TEXT)
    FROM chain ch
    JOIN customers up ON up.customer_id = ch.referrer_id
    CROSS JOIN r_settings s
    WHERE ch.level < s.levels
      AND NULLIF(up.referrer_id, '') IS NOT NULL
      AND NOT (CAST(up.referrer_id AS TEXT) = ANY (ch.path))
)
SELECT customer_id, level, referrer_id FROM chain;

DELETE FROM referral_commission;
INSERT INTO referral_commission
    (referrer_id, order_id, level, customer_id, purchase_at, net_amount, commission)
SELECT
    ch.referrer_id,
    p.order_id,
    ch.level,
    p.customer_id,
    p.purchased_at,
    p.net_amount,
    ROUND(p.net_amount * s.rates[ch.level], 2)
FROM r_purchase p
JOIN customers c ON c.customer_id = p.customer_id
JOIN r_chain ch ON ch.customer_id = p.customer_id
CROSS JOIN r_settings s
WHERE c.registered_at IS NOT NULL
  AND p.purchased_at >= c.registered_at
  AND p.purchased_at < c.registered_at + s.window_days * INTERVAL '24 hours';

-- Per referrer and period of the purchase (in the business time zone; WEEK = ISO week).
DELETE FROM referral_stat;
INSERT INTO referral_stat
    (period_type, period_start, referrer_id, referred_customers, orders, net_amount, commission)
SELECT
    UPPER(t.period_type),
    CAST(DATE_TRUNC(LOWER(t.period_type), rc.purchase_at AT TIME ZONE s.timezone) AS DATE),
    rc.referrer_id,
    COUNT(DISTINCT rc.customer_id),
    COUNT(*),
    SUM(rc.net_amount),
    SUM(rc.commission)
FROM referral_commission rc
CROSS JOIN r_settings s
CROSS JOIN UNNEST(s.period_types) AS t(period_type)
GROUP BY 1, 2, 3;

DROP TABLE pg_temp.r_chain;
DROP TABLE pg_temp.r_purchase;
DROP TABLE pg_temp.r_settings;
