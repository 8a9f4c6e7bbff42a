-- 002_history.sql: a year of order history, so the dashboards show months, cohorts and
-- repurchase cycles from the first minute. Debezium's initial snapshot delivers these rows
-- (op = r); the traffic service (docker/traffic/) then keeps adding live orders.
--
-- 1,500 customers (c-00001 ... c-01500), each with a first purchase in the last year, a
-- personal repurchase cycle and a number of repeat purchases (most buy once or twice, a few
-- often); 1 to 3 lines per order in five categories. About 4% of the orders are cancelled, 4%
-- refunded, 2% partially refunded; a test account and a few wholesale orders show up as
-- exclusions. The contact columns hold made-up numbers and addresses: the pipeline must never
-- let them through in clear. setseed makes every fresh start produce the same history, with
-- its dates counted back from the day of the start.

SELECT setseed(0.2025);

CREATE TEMP TABLE history_customer AS
SELECT
    'c-' || lpad(n::text, 5, '0') AS customer_id,
    (ARRAY['app', 'web', 'mini-program', 'store'])[1 + floor(random() * 4)::int] AS channel,
    (ARRAY['north', 'south', 'east', 'west', 'central'])[1 + floor(random() * 5)::int] AS region,
    (ARRAY['coffee', 'tea', 'snacks', 'cups', 'beans'])[1 + floor(random() * 5)::int] AS favourite,
    CASE WHEN random() < 0.3
        THEN (ARRAY['spring-sale', 'double-11', 'member-day'])[1 + floor(random() * 3)::int]
    END AS first_campaign,
    date_trunc('day', now()) - interval '365 days' + random() * interval '340 days' AS first_at,
    7 + floor(random() * 53)::int AS cycle_days,
    floor(-ln(1 - random()) * 2.2)::int AS repeats
FROM generate_series(1, 1500) AS n;

-- One row per order: the k-th purchase comes about k cycles after the first one.
CREATE TEMP TABLE history_order AS
SELECT
    'h-' || c.customer_id || '-' || k AS order_id,
    c.customer_id,
    c.channel,
    c.region,
    c.favourite,
    CASE WHEN k = 0 THEN c.first_campaign WHEN random() < 0.1 THEN 'member-day' END AS campaign_id,
    c.first_at + make_interval(days => k * c.cycle_days) + random() * interval '72 hours'
        AS created_at,
    1 + floor(random() * 3)::int AS lines,
    random() AS fate
FROM history_customer c
CROSS JOIN LATERAL generate_series(0, c.repeats) AS k;

DELETE FROM history_order WHERE created_at > now() - interval '1 hour';

-- A test account (excluded as abnormal) and wholesale buyers (excluded as bulk).
INSERT INTO history_order (order_id, customer_id, channel, region, favourite, campaign_id,
        created_at, lines, fate)
SELECT 'h-test-account-' || n, 'test-account', 'web', 'central', 'cups', NULL,
       now() - n * interval '30 days', 1, 0.5
FROM generate_series(1, 6) AS n
UNION ALL
SELECT 'h-wholesale-' || n, 'c-' || lpad((1500 + n)::text, 5, '0'), 'store', 'east', 'beans',
       NULL, now() - n * interval '45 days', 1, 0.5
FROM generate_series(1, 4) AS n;

CREATE TEMP TABLE history_line AS
SELECT
    order_id,
    line_no,
    category,
    category || '-' || (1 + floor(random() * 8))::int AS sku,
    quantity,
    unit_price
FROM (
    SELECT
        o.order_id,
        l AS line_no,
        CASE WHEN l = 1 AND random() < 0.7 THEN o.favourite
            ELSE (ARRAY['coffee', 'tea', 'snacks', 'cups', 'beans'])[1 + floor(random() * 5)::int]
        END AS category,
        CASE WHEN o.order_id LIKE 'h-wholesale-%' THEN 1200
            ELSE 1 + floor(random() * 3)::int
        END AS quantity,
        round((5 + random() * 60)::numeric, 2) AS unit_price
    FROM history_order o
    CROSS JOIN LATERAL generate_series(1, o.lines) AS l
) AS line;

INSERT INTO orders (order_id, customer_id, status, total_amount, currency, channel, region,
        campaign_id, coupon_id, created_at, paid_at, shipped_at, delivered_at,
        promised_delivery_at, cancelled_at, refunded_amount, customer_phone, customer_email,
        updated_at)
SELECT
    o.order_id,
    o.customer_id,
    CASE
        WHEN o.fate < 0.04 THEN 'CANCELLED'
        WHEN o.fate < 0.08 THEN 'REFUNDED'
        WHEN o.fate < 0.10 THEN 'PARTIALLY_REFUNDED'
        WHEN o.created_at > now() - interval '1 day' THEN 'PAID'
        WHEN o.created_at > now() - interval '3 days' THEN 'SHIPPED'
        WHEN o.created_at > now() - interval '10 days' THEN 'DELIVERED'
        ELSE 'COMPLETED'
    END,
    t.total,
    'CNY',
    o.channel,
    o.region,
    o.campaign_id,
    NULL,
    o.created_at,
    CASE WHEN o.fate >= 0.04 THEN o.created_at + interval '3 minutes' END,
    CASE WHEN o.fate >= 0.04 AND o.created_at <= now() - interval '1 day'
        THEN o.created_at + interval '1 day' END,
    CASE WHEN o.fate >= 0.04 AND o.created_at <= now() - interval '3 days'
        THEN o.created_at + interval '3 days' END,
    o.created_at + interval '4 days',
    CASE WHEN o.fate < 0.04 THEN o.created_at + interval '20 minutes' END,
    CASE
        WHEN o.fate < 0.04 THEN 0
        WHEN o.fate < 0.08 THEN t.total
        WHEN o.fate < 0.10 THEN round(t.total * 0.3, 2)
        ELSE 0
    END,
    '13' || lpad((abs(hashtext(o.customer_id)) % 1000000000)::text, 9, '0'),
    replace(o.customer_id, '-', '.') || '@example.com',
    o.created_at + interval '3 days'
FROM history_order o
JOIN (
    SELECT order_id, sum(quantity * unit_price) AS total FROM history_line GROUP BY order_id
) AS t USING (order_id);

INSERT INTO order_items (order_id, line_no, sku, category, quantity, unit_price)
SELECT order_id, line_no, sku, category, quantity, unit_price FROM history_line;

-- Coupons of the member-day campaign, a week to a month to run; traffic.sh redeems them.
INSERT INTO coupons (coupon_id, customer_id, campaign_id, issued_at, expires_at,
        redeemed_order_id)
SELECT 'cp-' || customer_id || '-0', customer_id, 'member-day', issued_at,
       issued_at + make_interval(days => 7 + floor(random() * 24)::int), NULL
FROM (
    SELECT customer_id, now() - random() * interval '20 days' AS issued_at
    FROM history_customer
    WHERE random() < 0.2
) AS issued;

DROP TABLE history_line;
DROP TABLE history_order;
DROP TABLE history_customer;
