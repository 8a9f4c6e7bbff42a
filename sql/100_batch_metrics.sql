-- 100_batch_metrics.sql: the batch reference of the metrics, PostgreSQL 13+ only.
--
-- Recomputes from scratch, from the plain tables of 099_batch_inputs.sql (orders, order_items,
-- coupons, batch_settings) in the current schema, the contract tables of 001_tables.sql in that
-- schema:
--   metric_period       M1, M2, M5, M6
--   cohort_retention    M3
--   first_repeat_cycle  M4 (1st to 2nd purchase)
--   category_cycle      M4 (same category)
--   customer_profile    first/last purchase, purchases, net amount (the other columns NULL)
--   exclusion           M10 (with the flash-sale abuse of SPEC 8.2)
--   abuse_flag          SPEC 8.2
--   campaign_month, baseline_month, campaign_effect   M9
--   coupon_stat         coupons per campaign
-- and batch_order_outcome (099_batch_inputs.sql): each order's outcome, for 130_batch_referral.sql.
-- lifecycle_stage_count, segment_stat and trigger_log depend on the event time "now" and on
-- options the batch does not have: they are left untouched.
-- It is the independent check of the streaming job, so it follows SPEC section 2 literally.
--
-- Run it in one transaction so readers never see the tables half filled:
--   psql -v ON_ERROR_STOP=1 --single-transaction -f sql/100_batch_metrics.sql
-- Plain SQL statements ending with a semicolon at the end of a line (no psql meta-commands,
-- no function bodies), so the jobs' splitter can run it too. Work tables are TEMP tables b_*.

-- The settings, a NULL (or a missing row) taking the job option's default.
DROP TABLE IF EXISTS pg_temp.b_settings;
CREATE TEMP TABLE b_settings AS
SELECT
    COALESCE((SELECT timezone FROM batch_settings), 'UTC') AS timezone,
    COALESCE((SELECT max_order_amount FROM batch_settings), 1000000) AS max_order_amount,
    COALESCE((SELECT bulk_max_quantity FROM batch_settings), 1000) AS bulk_max_quantity,
    COALESCE((SELECT bulk_max_amount FROM batch_settings), 10000) AS bulk_max_amount,
    COALESCE((SELECT excluded_customers FROM batch_settings), CAST(ARRAY[] AS VARCHAR[]))
        AS excluded_customers,
    COALESCE((SELECT price_bands FROM batch_settings), CAST(ARRAY[0, 50, 100, 200, 500] AS NUMERIC[]))
        AS price_bands,
    COALESCE((SELECT period_types FROM batch_settings),
             CAST(ARRAY['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] AS VARCHAR[])) AS period_types,
    COALESCE((SELECT campaign_window_days FROM batch_settings), 90) AS campaign_window_days,
    COALESCE((SELECT habit_min_purchases FROM batch_settings), 3) AS habit_min_purchases,
    COALESCE((SELECT learn_horizon_days FROM batch_settings), 90) AS learn_horizon_days,
    COALESCE((SELECT abuse_campaigns FROM batch_settings), CAST(ARRAY[] AS VARCHAR[]))
        AS abuse_campaigns,
    COALESCE((SELECT abuse_max_per_device FROM batch_settings), 1) AS abuse_max_per_device,
    COALESCE((SELECT abuse_max_per_ip FROM batch_settings), 3) AS abuse_max_per_ip,
    COALESCE((SELECT abuse_max_per_address FROM batch_settings), 1) AS abuse_max_per_address,
    COALESCE((SELECT as_of FROM batch_settings),
             (SELECT MAX(GREATEST(created_at, paid_at, shipped_at, delivered_at, cancelled_at,
                                  updated_at)) FROM orders)) AS as_of;

-- The period types to compute, upper case as stored in the tables.
DROP TABLE IF EXISTS pg_temp.b_period_type;
CREATE TEMP TABLE b_period_type AS
SELECT DISTINCT UPPER(t.period_type) AS period_type
FROM b_settings s
CROSS JOIN UNNEST(s.period_types) AS t(period_type);

-- Every order with its purchase time, net amount, item quantity and outcome (SPEC section 2):
-- 'valid', an exclusion reason (the first rule that applies), or NULL when it is no purchase
-- yet (PENDING_PAYMENT, or a status outside the contract).
DROP TABLE IF EXISTS pg_temp.b_order;
CREATE TEMP TABLE b_order AS
WITH item_quantity AS (
    -- total quantity of an order's lines (0 without lines)
    SELECT order_id, SUM(COALESCE(quantity, 0)) AS quantity
    FROM order_items
    GROUP BY order_id
),
order_fact AS (
    -- purchase time t = coalesce(paid_at, created_at), net = total - refunded
    SELECT
        o.order_id,
        o.customer_id,
        o.status,
        o.total_amount,
        COALESCE(o.refunded_amount, 0) AS refunded_amount,
        o.total_amount - COALESCE(o.refunded_amount, 0) AS net_amount,
        COALESCE(o.paid_at, o.created_at) AS purchased_at,
        COALESCE(q.quantity, 0) AS quantity,
        o.channel,
        o.region,
        o.campaign_id
    FROM orders o
    LEFT JOIN item_quantity q ON q.order_id = o.order_id
)
SELECT
    f.*,
    CASE
        WHEN f.status = 'PENDING_PAYMENT' THEN NULL
        WHEN f.status = 'CANCELLED' THEN 'cancelled'
        WHEN f.status = 'REFUNDED'
            OR (f.refunded_amount >= f.total_amount AND f.total_amount > 0) THEN 'refunded'
        WHEN f.status NOT IN ('PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'PARTIALLY_REFUNDED')
            THEN NULL
        WHEN f.net_amount <= 0
            OR f.net_amount > s.max_order_amount
            OR f.customer_id IS NULL
            OR f.customer_id = ''
            OR f.customer_id = ANY (s.excluded_customers) THEN 'abnormal'
        WHEN f.quantity > s.bulk_max_quantity
            OR f.net_amount > s.bulk_max_amount THEN 'bulk'
        ELSE 'valid'
    END AS outcome
FROM order_fact f
CROSS JOIN b_settings s;

-- SPEC 8.2: within a flash sale (abuse_campaigns), the orders that count (captured, neither
-- cancelled, refunded nor abnormal: 'valid' or 'bulk' so far) sharing a device, an IP or an
-- address hash (blank = none), ranked in purchase sequence (time, then order_id in byte order).
-- The first rule (device, ip, address) under which an order ranks beyond its limit flags it.
DROP TABLE IF EXISTS pg_temp.b_abuse_flag;
CREATE TEMP TABLE b_abuse_flag AS
WITH keyed AS (
    SELECT
        o.order_id,
        o.campaign_id,
        o.purchased_at,
        NULLIF(BTRIM(r.device_id), '') AS device,
        NULLIF(BTRIM(r.client_ip), '') AS ip,
        NULLIF(BTRIM(r.address_hash), '') AS address
    FROM b_order o
    JOIN orders r ON r.order_id = o.order_id
    CROSS JOIN b_settings s
    WHERE o.outcome IN ('valid', 'bulk')
      AND o.campaign_id = ANY (s.abuse_campaigns)
),
ranked AS (
    SELECT
        k.*,
        CASE WHEN k.device IS NOT NULL THEN ROW_NUMBER() OVER (
            PARTITION BY k.campaign_id, k.device ORDER BY k.purchased_at, k.order_id COLLATE "C")
        END AS device_rank,
        CASE WHEN k.ip IS NOT NULL THEN ROW_NUMBER() OVER (
            PARTITION BY k.campaign_id, k.ip ORDER BY k.purchased_at, k.order_id COLLATE "C")
        END AS ip_rank,
        CASE WHEN k.address IS NOT NULL THEN ROW_NUMBER() OVER (
            PARTITION BY k.campaign_id, k.address ORDER BY k.purchased_at, k.order_id COLLATE "C")
        END AS address_rank
    FROM keyed k
),
flagged AS (
    SELECT
        r.order_id,
        r.campaign_id,
        r.purchased_at,
        CASE
            WHEN r.device_rank > s.abuse_max_per_device THEN 'device'
            WHEN r.ip_rank > s.abuse_max_per_ip THEN 'ip'
            WHEN r.address_rank > s.abuse_max_per_address THEN 'address'
        END AS rule,
        CASE
            WHEN r.device_rank > s.abuse_max_per_device THEN r.device_rank
            WHEN r.ip_rank > s.abuse_max_per_ip THEN r.ip_rank
            WHEN r.address_rank > s.abuse_max_per_address THEN r.address_rank
        END AS rank
    FROM ranked r
    CROSS JOIN b_settings s
)
SELECT * FROM flagged WHERE rule IS NOT NULL;

-- A flagged order is excluded as 'abuse' (before 'bulk' among the reasons).
UPDATE b_order SET outcome = 'abuse' WHERE order_id IN (SELECT order_id FROM b_abuse_flag);

DELETE FROM abuse_flag;
INSERT INTO abuse_flag (order_id, campaign_id, rule, rank, purchase_at)
SELECT order_id, campaign_id, rule, rank, purchased_at FROM b_abuse_flag;

-- Each order's outcome, final now, for the scripts that follow (130_batch_referral.sql).
DELETE FROM batch_order_outcome;
INSERT INTO batch_order_outcome (order_id, customer_id, purchase_at, net_amount, outcome)
SELECT order_id, customer_id, purchased_at, net_amount, outcome FROM b_order;

-- The period of every order with an outcome, per period type: date_trunc in the business
-- time zone (WEEK = ISO week from Monday).
DROP TABLE IF EXISTS pg_temp.b_order_period;
CREATE TEMP TABLE b_order_period AS
SELECT
    o.order_id,
    pt.period_type,
    CAST(DATE_TRUNC(LOWER(pt.period_type), o.purchased_at AT TIME ZONE s.timezone) AS DATE)
        AS period_start
FROM b_order o
CROSS JOIN b_period_type pt
CROSS JOIN b_settings s
WHERE o.outcome IS NOT NULL;

-- The valid purchases with their place in the customer's sequence: by purchase time, ties by
-- order_id as text in byte order (COLLATE "C", like Java's String.compareTo on ASCII).
DROP TABLE IF EXISTS pg_temp.b_purchase;
CREATE TEMP TABLE b_purchase AS
SELECT
    o.order_id,
    o.customer_id,
    o.purchased_at,
    o.net_amount,
    o.channel,
    o.region,
    ROW_NUMBER() OVER customer_sequence AS seq,
    FIRST_VALUE(o.purchased_at) OVER customer_sequence AS first_purchased_at,
    FIRST_VALUE(o.campaign_id) OVER customer_sequence AS first_campaign_id
FROM b_order o
WHERE o.outcome = 'valid'
WINDOW customer_sequence AS (
    PARTITION BY o.customer_id
    ORDER BY o.purchased_at, o.order_id COLLATE "C"
);

-- The valid purchases per period type, with the period of the customer's first purchase
-- (first_period_start = period_start: a new customer of the period, earlier: returning).
DROP TABLE IF EXISTS pg_temp.b_purchase_period;
CREATE TEMP TABLE b_purchase_period AS
SELECT
    op.period_type,
    op.period_start,
    MIN(op.period_start) OVER (PARTITION BY op.period_type, p.customer_id) AS first_period_start,
    p.*
FROM b_purchase p
JOIN b_order_period op ON op.order_id = p.order_id;

-- The dimension values of every valid purchase (one row per slice the order belongs to).
DROP TABLE IF EXISTS pg_temp.b_slice;
CREATE TEMP TABLE b_slice AS
WITH price_bound AS (
    -- the configured bounds b0 < b1 < ... < bn, printed without trailing zeros
    SELECT b.bound, b.ord, CAST(TRIM_SCALE(b.bound) AS VARCHAR) AS bound_text
    FROM b_settings s
    CROSS JOIN UNNEST(s.price_bands) WITH ORDINALITY AS b(bound, ord)
),
price_band AS (
    -- [b0, b1) 'b0-b1', ..., [bn, inf) 'bn+', and (-inf, b0) '<b0'
    SELECT
        bound AS low,
        LEAD(bound) OVER (ORDER BY ord) AS high,
        CASE
            WHEN LEAD(bound) OVER (ORDER BY ord) IS NULL THEN bound_text || '+'
            ELSE bound_text || '-' || LEAD(bound_text) OVER (ORDER BY ord)
        END AS label
    FROM price_bound
    UNION ALL
    SELECT NULL, bound, '<' || bound_text
    FROM price_bound
    WHERE ord = 1
)
SELECT p.order_id, 'all' AS dimension, 'all' AS dimension_value
FROM b_purchase p
UNION ALL
-- an order counts once in each of its categories, none without lines
SELECT DISTINCT p.order_id, 'category', COALESCE(NULLIF(i.category, ''), 'unknown')
FROM b_purchase p
JOIN order_items i ON i.order_id = p.order_id
UNION ALL
SELECT p.order_id, 'channel', COALESCE(NULLIF(p.channel, ''), 'unknown')
FROM b_purchase p
UNION ALL
SELECT p.order_id, 'region', COALESCE(NULLIF(p.region, ''), 'unknown')
FROM b_purchase p
UNION ALL
SELECT p.order_id, 'price_band', b.label
FROM b_purchase p
JOIN price_band b
    ON (b.low IS NULL OR p.net_amount >= b.low)
    AND (b.high IS NULL OR p.net_amount < b.high)
UNION ALL
-- the campaign of the customer's first valid purchase, for all their orders
SELECT p.order_id, 'campaign', COALESCE(NULLIF(p.first_campaign_id, ''), 'none')
FROM b_purchase p;

ANALYZE b_order;
ANALYZE b_purchase;
ANALYZE b_purchase_period;
ANALYZE b_slice;

-- M1, M2, M5, M6: metric_period.
DELETE FROM metric_period;
INSERT INTO metric_period (
    period_type, period_start, dimension, dimension_value,
    customers, repeat_customers, new_customers, returning_customers,
    orders, new_orders, returning_orders, new_customer_orders, returning_customer_orders,
    net_amount, new_net_amount, returning_net_amount)
WITH customer_slice AS (
    -- one customer in one slice of one period: their orders there, and whether the customer
    -- is new (first valid purchase in P) or returning (a valid purchase before P), decided on
    -- the whole sequence
    SELECT
        pp.period_type,
        pp.period_start,
        sl.dimension,
        sl.dimension_value,
        pp.customer_id,
        pp.first_period_start = pp.period_start AS is_new_customer,
        pp.first_period_start < pp.period_start AS is_returning_customer,
        COUNT(*) AS orders,
        COUNT(*) FILTER (WHERE pp.seq = 1) AS new_orders,
        SUM(pp.net_amount) AS net_amount,
        COALESCE(SUM(pp.net_amount) FILTER (WHERE pp.seq = 1), 0) AS new_net_amount
    FROM b_purchase_period pp
    JOIN b_slice sl ON sl.order_id = pp.order_id
    GROUP BY
        pp.period_type, pp.period_start, sl.dimension, sl.dimension_value, pp.customer_id,
        pp.first_period_start
)
SELECT
    period_type,
    period_start,
    dimension,
    dimension_value,
    COUNT(*) AS customers,
    COUNT(*) FILTER (WHERE orders >= 2) AS repeat_customers,
    COUNT(*) FILTER (WHERE is_new_customer) AS new_customers,
    COUNT(*) FILTER (WHERE is_returning_customer) AS returning_customers,
    SUM(orders) AS orders,
    SUM(new_orders) AS new_orders,
    SUM(orders - new_orders) AS returning_orders,
    COALESCE(SUM(orders) FILTER (WHERE is_new_customer), 0) AS new_customer_orders,
    COALESCE(SUM(orders) FILTER (WHERE is_returning_customer), 0) AS returning_customer_orders,
    SUM(net_amount) AS net_amount,
    SUM(new_net_amount) AS new_net_amount,
    SUM(net_amount - new_net_amount) AS returning_net_amount
FROM customer_slice
GROUP BY period_type, period_start, dimension, dimension_value;

-- M3: cohort_retention.
DELETE FROM cohort_retention;
INSERT INTO cohort_retention (
    period_type, cohort_start, period_offset, active_customers, second_purchase_customers)
WITH active AS (
    -- active(C, P): customers of cohort C (period of their first purchase) buying in P
    SELECT
        period_type,
        first_period_start AS cohort_start,
        period_start,
        COUNT(DISTINCT customer_id) AS active_customers
    FROM b_purchase_period
    GROUP BY period_type, first_period_start, period_start
),
second_purchase AS (
    -- second(C, P): customers of cohort C whose 2nd valid purchase is in P
    SELECT
        period_type,
        first_period_start AS cohort_start,
        period_start,
        COUNT(*) AS second_purchase_customers
    FROM b_purchase_period
    WHERE seq = 2
    GROUP BY period_type, first_period_start, period_start
),
month_gap AS (
    -- every (C, P) with a purchase, and the number of calendar months from C to P
    SELECT
        a.*,
        COALESCE(s.second_purchase_customers, 0) AS second_purchase_customers,
        CAST((EXTRACT(YEAR FROM a.period_start) - EXTRACT(YEAR FROM a.cohort_start)) * 12
             + EXTRACT(MONTH FROM a.period_start) - EXTRACT(MONTH FROM a.cohort_start)
             AS INTEGER) AS months
    FROM active a
    -- a 2nd purchase in P makes the customer active in P, so no (C, P) is missed
    LEFT JOIN second_purchase s
        ON s.period_type = a.period_type
        AND s.cohort_start = a.cohort_start
        AND s.period_start = a.period_start
)
SELECT
    period_type,
    cohort_start,
    -- k = number of periods from C to P
    CASE period_type
        WHEN 'DAY' THEN period_start - cohort_start
        WHEN 'WEEK' THEN (period_start - cohort_start) / 7
        WHEN 'MONTH' THEN months
        WHEN 'QUARTER' THEN months / 3
        WHEN 'YEAR' THEN months / 12
    END AS period_offset,
    active_customers,
    second_purchase_customers
FROM month_gap;

-- M4: first_repeat_cycle.
DELETE FROM first_repeat_cycle;
INSERT INTO first_repeat_cycle (
    period_type, cohort_start, intervals, mean_days, median_days, p25_days, p75_days, p90_days)
WITH first_repeat AS (
    -- whole days (of 24 h) from a customer's 1st to 2nd valid purchase, by period of the 1st
    SELECT
        period_type,
        first_period_start AS cohort_start,
        CAST(FLOOR(EXTRACT(EPOCH FROM purchased_at - first_purchased_at) / 86400) AS INTEGER)
            AS days
    FROM b_purchase_period
    WHERE seq = 2
),
ranked AS (
    -- rank r (1-based) of each interval among n, for the ceil(q * n)-th smallest
    SELECT
        period_type,
        cohort_start,
        days,
        ROW_NUMBER() OVER (PARTITION BY period_type, cohort_start ORDER BY days) AS r,
        COUNT(*) OVER (PARTITION BY period_type, cohort_start) AS n
    FROM first_repeat
)
SELECT
    period_type,
    cohort_start,
    COUNT(*) AS intervals,
    ROUND(AVG(days), 2) AS mean_days,
    MAX(days) FILTER (WHERE r = CEIL(0.5 * n)) AS median_days,
    MAX(days) FILTER (WHERE r = CEIL(0.25 * n)) AS p25_days,
    MAX(days) FILTER (WHERE r = CEIL(0.75 * n)) AS p75_days,
    MAX(days) FILTER (WHERE r = CEIL(0.9 * n)) AS p90_days
FROM ranked
GROUP BY period_type, cohort_start;

-- M4 and the learned cycles: the intervals between consecutive valid purchases of a customer
-- containing the category, from the first purchase's time to the second's, in whole days.
DROP TABLE IF EXISTS pg_temp.b_category_interval;
CREATE TEMP TABLE b_category_interval AS
SELECT
    category,
    started_at,
    ended_at,
    CAST(FLOOR(EXTRACT(EPOCH FROM ended_at - started_at) / 86400) AS INTEGER) AS days
FROM (
    SELECT
        sl.dimension_value AS category,
        LAG(p.purchased_at) OVER (PARTITION BY p.customer_id, sl.dimension_value ORDER BY p.seq)
            AS started_at,
        p.purchased_at AS ended_at
    FROM b_purchase p
    JOIN b_slice sl ON sl.order_id = p.order_id AND sl.dimension = 'category'
) t
WHERE started_at IS NOT NULL;

-- M4: category_cycle.
DELETE FROM category_cycle;
INSERT INTO category_cycle (
    category, intervals, mean_days, median_days, p25_days, p75_days, p90_days)
WITH ranked AS (
    -- rank r (1-based) of each interval among n, for the ceil(q * n)-th smallest
    SELECT
        category,
        days,
        ROW_NUMBER() OVER (PARTITION BY category ORDER BY days) AS r,
        COUNT(*) OVER (PARTITION BY category) AS n
    FROM b_category_interval
)
SELECT
    category,
    COUNT(*) AS intervals,
    ROUND(AVG(days), 2) AS mean_days,
    MAX(days) FILTER (WHERE r = CEIL(0.5 * n)) AS median_days,
    MAX(days) FILTER (WHERE r = CEIL(0.25 * n)) AS p25_days,
    MAX(days) FILTER (WHERE r = CEIL(0.75 * n)) AS p75_days,
    MAX(days) FILTER (WHERE r = CEIL(0.9 * n)) AS p90_days
FROM ranked
GROUP BY category;

-- SPEC 4.1: the learned cycle as of as_of, from the matured intervals: consecutive valid
-- purchases containing the category, the first at least learn_horizon_days of 24 h before as_of,
-- the second at most as many days after the first; their lower median in whole days.
UPDATE category_cycle cc
SET learned_intervals = l.intervals, learned_median_days = l.median_days
FROM (
    WITH matured AS (
        SELECT i.category, i.days
        FROM b_category_interval i
        CROSS JOIN b_settings s
        WHERE EXTRACT(EPOCH FROM i.ended_at - i.started_at) <= s.learn_horizon_days * 86400
            AND EXTRACT(EPOCH FROM s.as_of - i.started_at) >= s.learn_horizon_days * 86400
    ),
    ranked AS (
        SELECT
            category,
            days,
            ROW_NUMBER() OVER (PARTITION BY category ORDER BY days) AS r,
            COUNT(*) OVER (PARTITION BY category) AS n
        FROM matured
    )
    SELECT
        category,
        COUNT(*) AS intervals,
        MAX(days) FILTER (WHERE r = CEIL(0.5 * n)) AS median_days
    FROM ranked
    GROUP BY category
) l
WHERE l.category = cc.category;

-- customer_profile: the purchase facts and the habitual time; the lifecycle / RFM / expectation
-- columns stay NULL.
DELETE FROM customer_profile;
INSERT INTO customer_profile (
    customer_id, first_purchase_at, last_purchase_at, purchases, net_amount)
SELECT
    customer_id,
    MIN(purchased_at),
    MAX(purchased_at),
    COUNT(*),
    SUM(net_amount)
FROM b_purchase
GROUP BY customer_id;

-- SPEC 4.4: the most frequent local hour and ISO weekday of a customer's valid purchases, ties to
-- the smallest, for customers with at least habit_min_purchases of them.
DROP TABLE IF EXISTS pg_temp.b_local_purchase;
CREATE TEMP TABLE b_local_purchase AS
SELECT
    p.customer_id,
    CAST(EXTRACT(HOUR FROM p.purchased_at AT TIME ZONE s.timezone) AS INTEGER) AS hour,
    CAST(EXTRACT(ISODOW FROM p.purchased_at AT TIME ZONE s.timezone) AS INTEGER) AS weekday
FROM b_purchase p
CROSS JOIN b_settings s;

UPDATE customer_profile cp
SET habitual_hour = h.hour, habitual_weekday = w.weekday
FROM
    (SELECT DISTINCT ON (customer_id) customer_id, hour
     FROM b_local_purchase
     GROUP BY customer_id, hour
     ORDER BY customer_id, COUNT(*) DESC, hour) h,
    (SELECT DISTINCT ON (customer_id) customer_id, weekday
     FROM b_local_purchase
     GROUP BY customer_id, weekday
     ORDER BY customer_id, COUNT(*) DESC, weekday) w
WHERE h.customer_id = cp.customer_id
    AND w.customer_id = cp.customer_id
    AND cp.purchases >= (SELECT habit_min_purchases FROM b_settings);

-- M10: exclusion, per period of the purchase time and reason, amount = sum of total_amount.
DELETE FROM exclusion;
INSERT INTO exclusion (period_type, period_start, reason, orders, amount)
SELECT
    op.period_type,
    op.period_start,
    o.outcome,
    COUNT(*),
    SUM(o.total_amount)
FROM b_order o
JOIN b_order_period op ON op.order_id = o.order_id
WHERE o.outcome <> 'valid'
GROUP BY op.period_type, op.period_start, o.outcome;

-- M9: the first later valid purchase time of every valid purchase time of a customer (NULL if
-- none): "a later valid purchase in (t, t + window]" is next_purchased_at <= t + window.
DROP TABLE IF EXISTS pg_temp.b_next_purchase;
CREATE TEMP TABLE b_next_purchase AS
SELECT
    customer_id,
    purchased_at,
    LEAD(purchased_at) OVER (PARTITION BY customer_id ORDER BY purchased_at) AS next_purchased_at
FROM (SELECT DISTINCT customer_id, purchased_at FROM b_purchase) t;

ANALYZE b_next_purchase;

-- M9: campaign_month. A customer qualifies for campaign c at their first valid purchase whose
-- order has campaign_id c (in sequence order), at t, in the MONTH of t; repurchased if a later
-- valid purchase (any) falls in (t, t + window], whole days of 24 h.
DELETE FROM campaign_month;
INSERT INTO campaign_month (campaign_id, month_start, customers, repurchased_customers)
WITH campaign_purchase AS (
    -- valid purchases with a campaign, numbered per customer and campaign in sequence order
    SELECT
        p.customer_id,
        o.campaign_id,
        p.purchased_at,
        ROW_NUMBER() OVER (
            PARTITION BY p.customer_id, o.campaign_id
            ORDER BY p.purchased_at, p.order_id COLLATE "C") AS n
    FROM b_purchase p
    JOIN b_order o ON o.order_id = p.order_id
    WHERE o.campaign_id IS NOT NULL AND o.campaign_id <> ''
),
qualified AS (
    -- the qualifying purchase, its month, and whether the customer repurchased in the window
    SELECT
        c.campaign_id,
        CAST(DATE_TRUNC('month', c.purchased_at AT TIME ZONE s.timezone) AS DATE) AS month_start,
        COALESCE(np.next_purchased_at
            <= c.purchased_at + s.campaign_window_days * INTERVAL '24 hours', FALSE)
            AS repurchased
    FROM campaign_purchase c
    JOIN b_next_purchase np
        ON np.customer_id = c.customer_id AND np.purchased_at = c.purchased_at
    CROSS JOIN b_settings s
    WHERE c.n = 1
)
SELECT
    campaign_id,
    month_start,
    COUNT(*),
    COUNT(*) FILTER (WHERE repurchased)
FROM qualified
GROUP BY campaign_id, month_start;

-- M9: baseline_month. For each MONTH m in which a customer has a valid purchase without a
-- campaign, the first such purchase in m, at t', counts them; repurchased if a later valid
-- purchase (any) falls in (t', t' + window].
DELETE FROM baseline_month;
INSERT INTO baseline_month (month_start, customers, repurchased_customers)
WITH plain_purchase AS (
    -- valid purchases without a campaign, with their month
    SELECT
        p.customer_id,
        p.order_id,
        p.purchased_at,
        CAST(DATE_TRUNC('month', p.purchased_at AT TIME ZONE s.timezone) AS DATE) AS month_start
    FROM b_purchase p
    JOIN b_order o ON o.order_id = p.order_id
    CROSS JOIN b_settings s
    WHERE o.campaign_id IS NULL OR o.campaign_id = ''
),
numbered AS (
    -- numbered per customer and month in sequence order
    SELECT
        pp.*,
        ROW_NUMBER() OVER (
            PARTITION BY pp.customer_id, pp.month_start
            ORDER BY pp.purchased_at, pp.order_id COLLATE "C") AS n
    FROM plain_purchase pp
),
qualified AS (
    -- the first of the month, and whether the customer repurchased in the window
    SELECT
        nb.month_start,
        COALESCE(np.next_purchased_at
            <= nb.purchased_at + s.campaign_window_days * INTERVAL '24 hours', FALSE)
            AS repurchased
    FROM numbered nb
    JOIN b_next_purchase np
        ON np.customer_id = nb.customer_id AND np.purchased_at = nb.purchased_at
    CROSS JOIN b_settings s
    WHERE nb.n = 1
)
SELECT
    month_start,
    COUNT(*),
    COUNT(*) FILTER (WHERE repurchased)
FROM qualified
GROUP BY month_start;

-- M9: campaign_effect. Per campaign: the sums of campaign_month over its months, and the sums of
-- baseline_month over the months in which it has customers.
DELETE FROM campaign_effect;
INSERT INTO campaign_effect (
    campaign_id, customers, repurchased_customers, baseline_customers,
    baseline_repurchased_customers)
SELECT
    cm.campaign_id,
    SUM(cm.customers),
    SUM(cm.repurchased_customers),
    COALESCE(SUM(bm.customers), 0),
    COALESCE(SUM(bm.repurchased_customers), 0)
FROM campaign_month cm
LEFT JOIN baseline_month bm ON bm.month_start = cm.month_start
WHERE cm.customers > 0
GROUP BY cm.campaign_id;

-- coupon_stat, per campaign ('none' without one): coupons issued; redeemed (redeemed_order_id
-- set, or the coupon_id of one of the customer's valid purchases); recipients who redeemed none
-- of their coupons of the campaign; and those of them with a valid purchase in
-- (t0, t0 + window], t0 the issue of their first coupon of the campaign.
DELETE FROM coupon_stat;
INSERT INTO coupon_stat (
    campaign_id, issued, redeemed, recipients_not_redeemed, not_redeemed_repurchased)
WITH used_coupon AS (
    -- coupons used by valid purchases, with the customer who used them
    SELECT DISTINCT p.customer_id, o.coupon_id
    FROM b_purchase p
    JOIN orders o ON o.order_id = p.order_id
    WHERE o.coupon_id IS NOT NULL AND o.coupon_id <> ''
),
coupon AS (
    -- every coupon of a known customer, with its campaign and whether it was redeemed
    SELECT
        c.customer_id,
        COALESCE(NULLIF(c.campaign_id, ''), 'none') AS campaign_id,
        c.issued_at,
        COALESCE(c.redeemed_order_id, '') <> '' OR u.coupon_id IS NOT NULL AS redeemed
    FROM coupons c
    LEFT JOIN used_coupon u ON u.customer_id = c.customer_id AND u.coupon_id = c.coupon_id
    WHERE c.customer_id <> '' AND c.coupon_id <> ''
),
recipient AS (
    -- per campaign and customer: their first coupon, and whether they redeemed any
    SELECT
        campaign_id,
        customer_id,
        MIN(issued_at) AS first_issued_at,
        BOOL_OR(redeemed) AS redeemed_any
    FROM coupon
    GROUP BY campaign_id, customer_id
),
not_redeemed AS (
    -- the recipients who redeemed none, and whether they bought in the window anyway
    SELECT
        r.campaign_id,
        EXISTS (
            SELECT 1
            FROM b_purchase p
            WHERE p.customer_id = r.customer_id
                AND p.purchased_at > r.first_issued_at
                AND p.purchased_at
                    <= r.first_issued_at + s.campaign_window_days * INTERVAL '24 hours')
            AS repurchased
    FROM recipient r
    CROSS JOIN b_settings s
    WHERE NOT r.redeemed_any
),
issued AS (
    SELECT campaign_id, COUNT(*) AS issued, COUNT(*) FILTER (WHERE redeemed) AS redeemed
    FROM coupon
    GROUP BY campaign_id
)
SELECT
    i.campaign_id,
    i.issued,
    i.redeemed,
    (SELECT COUNT(*) FROM not_redeemed n WHERE n.campaign_id = i.campaign_id),
    (SELECT COUNT(*) FROM not_redeemed n WHERE n.campaign_id = i.campaign_id AND n.repurchased)
FROM issued i;

DROP TABLE pg_temp.b_next_purchase;
DROP TABLE pg_temp.b_slice;
DROP TABLE pg_temp.b_purchase_period;
DROP TABLE pg_temp.b_purchase;
DROP TABLE pg_temp.b_order_period;
DROP TABLE pg_temp.b_abuse_flag;
DROP TABLE pg_temp.b_order;
DROP TABLE pg_temp.b_period_type;
DROP TABLE pg_temp.b_settings;
