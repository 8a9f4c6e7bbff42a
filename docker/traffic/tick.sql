-- tick.sql: one beat of the shop, run by traffic.sh every few seconds in one transaction.
--
-- 1. One to three new orders (PENDING_PAYMENT) of customers c-00001 ... c-01800: most of them
--    known from the history (returning customers), some new; now and then the test account
--    or a wholesale order (both excluded by the pipeline). An open coupon of the customer is
--    redeemed by the order.
-- 2. Earlier orders move on: paid after a few seconds (one in twenty is cancelled instead),
--    shipped, delivered, completed; one delivered order in fifty is refunded in full, one in
--    fifty in part. Each order's fate is a hash of its id, so it is decided once.
-- 3. Now and then a new coupon is issued.

BEGIN;

CREATE TEMP TABLE tick_order ON COMMIT DROP AS
SELECT
    o.*,
    c.coupon_id,
    COALESCE(c.campaign_id, CASE WHEN random() < 0.1 THEN 'member-day' END) AS campaign_id
FROM (
    SELECT
        'o-' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS') || '-' || n AS order_id,
        CASE WHEN random() < 0.01 THEN 'test-account'
            ELSE 'c-' || lpad((1 + floor(random() * 1800))::int::text, 5, '0')
        END AS customer_id,
        (ARRAY['app', 'web', 'mini-program', 'store'])[1 + floor(random() * 4)::int] AS channel,
        (ARRAY['north', 'south', 'east', 'west', 'central'])[1 + floor(random() * 5)::int]
            AS region,
        1 + floor(random() * 3)::int AS lines,
        random() < 0.005 AS wholesale
    FROM generate_series(1, 1 + floor(random() * 3)::int) AS n
) AS o
LEFT JOIN LATERAL (
    SELECT coupon_id, campaign_id
    FROM coupons
    WHERE customer_id = o.customer_id AND redeemed_order_id IS NULL AND expires_at > now()
    ORDER BY expires_at
    LIMIT 1
) AS c ON true;

CREATE TEMP TABLE tick_line ON COMMIT DROP AS
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
        (ARRAY['coffee', 'tea', 'snacks', 'cups', 'beans'])[1 + floor(random() * 5)::int]
            AS category,
        CASE WHEN o.wholesale THEN 1200 ELSE 1 + floor(random() * 3)::int END AS quantity,
        round((5 + random() * 60)::numeric, 2) AS unit_price
    FROM tick_order o
    CROSS JOIN LATERAL generate_series(1, o.lines) AS l
) AS line;

INSERT INTO orders (order_id, customer_id, status, total_amount, currency, channel, region,
        campaign_id, coupon_id, created_at, promised_delivery_at, refunded_amount,
        customer_phone, customer_email, updated_at)
SELECT
    o.order_id,
    o.customer_id,
    'PENDING_PAYMENT',
    t.total,
    'CNY',
    o.channel,
    o.region,
    o.campaign_id,
    o.coupon_id,
    now(),
    now() + interval '3 days',
    0,
    '13' || lpad((abs(hashtext(o.customer_id)) % 1000000000)::text, 9, '0'),
    replace(o.customer_id, '-', '.') || '@example.com',
    now()
FROM tick_order o
JOIN (
    SELECT order_id, sum(quantity * unit_price) AS total FROM tick_line GROUP BY order_id
) AS t USING (order_id);

INSERT INTO order_items (order_id, line_no, sku, category, quantity, unit_price)
SELECT order_id, line_no, sku, category, quantity, unit_price FROM tick_line;

UPDATE coupons c
SET redeemed_order_id = o.order_id
FROM tick_order o
WHERE c.coupon_id = o.coupon_id AND c.redeemed_order_id IS NULL;

UPDATE orders
SET status = 'CANCELLED', cancelled_at = now(), updated_at = now()
WHERE status = 'PENDING_PAYMENT'
    AND created_at < now() - interval '4 seconds'
    AND abs(hashtext(order_id)) % 20 = 0;

UPDATE orders
SET status = 'PAID', paid_at = now(), updated_at = now()
WHERE status = 'PENDING_PAYMENT' AND created_at < now() - interval '4 seconds';

UPDATE orders
SET status = 'SHIPPED', shipped_at = now(), updated_at = now()
WHERE status = 'PAID' AND paid_at < now() - interval '20 seconds';

UPDATE orders
SET status = 'DELIVERED', delivered_at = now(), updated_at = now()
WHERE status = 'SHIPPED' AND shipped_at < now() - interval '40 seconds';

UPDATE orders
SET status = 'REFUNDED', refunded_amount = total_amount, updated_at = now()
WHERE status = 'DELIVERED'
    AND delivered_at < now() - interval '30 seconds'
    AND abs(hashtext(order_id || '/refund')) % 50 = 0;

UPDATE orders
SET status = 'PARTIALLY_REFUNDED', refunded_amount = round(total_amount * 0.3, 2),
    updated_at = now()
WHERE status = 'DELIVERED'
    AND delivered_at < now() - interval '30 seconds'
    AND abs(hashtext(order_id || '/refund')) % 50 = 1;

UPDATE orders
SET status = 'COMPLETED', updated_at = now()
WHERE status = 'DELIVERED' AND delivered_at < now() - interval '60 seconds';

INSERT INTO coupons (coupon_id, customer_id, campaign_id, issued_at, expires_at,
        redeemed_order_id)
SELECT
    'cp-' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS'),
    'c-' || lpad((1 + floor(random() * 1800))::int::text, 5, '0'),
    'member-day',
    now(),
    now() + interval '14 days',
    NULL
WHERE random() < 0.1;

COMMIT;
