-- Checks the tables computed by 100_batch_metrics.sql from the example history (load.psql)
-- against values worked out by hand (README.md tells the story of each order).
-- Prints the mismatching rows, then fails with "check failed: N mismatches" if there are any.
-- Expected rows are compared exactly for every key listed: all MONTH rows of metric_period,
-- cohort_retention, first_repeat_cycle and exclusion, the DAY/WEEK/QUARTER/YEAR rows listed,
-- all of category_cycle and customer_profile. Then invariants over every row. A row whose counts
-- are all zero counts as absent (SPEC section 5: a reader treats kept and deleted alike).

DROP TABLE IF EXISTS pg_temp.x_mismatch;
CREATE TEMP TABLE x_mismatch (check_name VARCHAR, side VARCHAR, row_text VARCHAR);

-- metric_period: type, start, dimension, value, customers, repeat, new, returning customers,
-- orders, new orders, returning orders, new customers' orders, returning customers' orders,
-- net, new net, returning net.
DROP TABLE IF EXISTS pg_temp.x_metric_period;
CREATE TEMP TABLE x_metric_period AS
SELECT * FROM (VALUES
    -- January: a-1, a-2 (alice, seq 1 and 2), b-1 (bob, seq 1). a-0 is refunded.
    ('MONTH', DATE '2024-01-01', 'all',        'all',     2, 1, 2, 0, 3, 2, 1, 3, 0, 365.00, 320.00, 45.00),
    ('MONTH', DATE '2024-01-01', 'category',   'coffee',  2, 1, 2, 0, 3, 2, 1, 3, 0, 365.00, 320.00, 45.00),
    ('MONTH', DATE '2024-01-01', 'category',   'mug',     1, 0, 1, 0, 1, 1, 0, 1, 0, 120.00, 120.00, 0.00),
    ('MONTH', DATE '2024-01-01', 'channel',    'app',     1, 0, 1, 0, 1, 1, 0, 1, 0, 120.00, 120.00, 0.00),
    ('MONTH', DATE '2024-01-01', 'channel',    'web',     2, 0, 2, 0, 2, 1, 1, 2, 0, 245.00, 200.00, 45.00),
    ('MONTH', DATE '2024-01-01', 'region',     'north',   1, 1, 1, 0, 2, 1, 1, 2, 0, 165.00, 120.00, 45.00),
    ('MONTH', DATE '2024-01-01', 'region',     'south',   1, 0, 1, 0, 1, 1, 0, 1, 0, 200.00, 200.00, 0.00),
    ('MONTH', DATE '2024-01-01', 'price_band', '0-50',    1, 0, 1, 0, 1, 0, 1, 1, 0, 45.00, 0.00, 45.00),
    ('MONTH', DATE '2024-01-01', 'price_band', '100-200', 1, 0, 1, 0, 1, 1, 0, 1, 0, 120.00, 120.00, 0.00),
    ('MONTH', DATE '2024-01-01', 'price_band', '200-500', 1, 0, 1, 0, 1, 1, 0, 1, 0, 200.00, 200.00, 0.00),
    ('MONTH', DATE '2024-01-01', 'campaign',   'spring',  1, 1, 1, 0, 2, 1, 1, 2, 0, 165.00, 120.00, 45.00),
    ('MONTH', DATE '2024-01-01', 'campaign',   'winter',  1, 0, 1, 0, 1, 1, 0, 1, 0, 200.00, 200.00, 0.00),
    -- February (Asia/Shanghai): a-3 (alice seq 3, paid 2024-01-31T17:30Z = 02-01 01:30 local,
    -- net 80 - 30 = 50, no region), d-1 (dave seq 1, mug + a line without category).
    ('MONTH', DATE '2024-02-01', 'all',        'all',     2, 0, 1, 1, 2, 1, 1, 1, 1, 550.00, 500.00, 50.00),
    ('MONTH', DATE '2024-02-01', 'category',   'coffee',  1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('MONTH', DATE '2024-02-01', 'category',   'tea',     1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('MONTH', DATE '2024-02-01', 'category',   'mug',     1, 0, 1, 0, 1, 1, 0, 1, 0, 500.00, 500.00, 0.00),
    ('MONTH', DATE '2024-02-01', 'category',   'unknown', 1, 0, 1, 0, 1, 1, 0, 1, 0, 500.00, 500.00, 0.00),
    ('MONTH', DATE '2024-02-01', 'channel',    'app',     1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('MONTH', DATE '2024-02-01', 'channel',    'store',   1, 0, 1, 0, 1, 1, 0, 1, 0, 500.00, 500.00, 0.00),
    ('MONTH', DATE '2024-02-01', 'region',     'unknown', 1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('MONTH', DATE '2024-02-01', 'region',     'south',   1, 0, 1, 0, 1, 1, 0, 1, 0, 500.00, 500.00, 0.00),
    ('MONTH', DATE '2024-02-01', 'price_band', '50-100',  1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('MONTH', DATE '2024-02-01', 'price_band', '500+',    1, 0, 1, 0, 1, 1, 0, 1, 0, 500.00, 500.00, 0.00),
    ('MONTH', DATE '2024-02-01', 'campaign',   'spring',  1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('MONTH', DATE '2024-02-01', 'campaign',   'none',    1, 0, 1, 0, 1, 1, 0, 1, 0, 500.00, 500.00, 0.00),
    -- March: b-2 (bob seq 2), c-10 and c-9 (carol, same purchase time: 'c-10' < 'c-9' as
    -- text, so c-10 is seq 1 and carol's campaign is summer). d-4, d-5 bulk, x-3..x-5 abnormal.
    ('MONTH', DATE '2024-03-01', 'all',        'all',     2, 1, 1, 1, 3, 1, 2, 2, 1, 130.00, 75.00, 55.00),
    ('MONTH', DATE '2024-03-01', 'category',   'coffee',  2, 0, 1, 1, 2, 0, 2, 1, 1, 55.00, 0.00, 55.00),
    ('MONTH', DATE '2024-03-01', 'category',   'tea',     1, 0, 1, 0, 1, 1, 0, 1, 0, 75.00, 75.00, 0.00),
    ('MONTH', DATE '2024-03-01', 'channel',    'web',     1, 0, 0, 1, 1, 0, 1, 0, 1, 30.00, 0.00, 30.00),
    ('MONTH', DATE '2024-03-01', 'channel',    'app',     1, 0, 1, 0, 1, 1, 0, 1, 0, 75.00, 75.00, 0.00),
    ('MONTH', DATE '2024-03-01', 'channel',    'store',   1, 0, 1, 0, 1, 0, 1, 1, 0, 25.00, 0.00, 25.00),
    ('MONTH', DATE '2024-03-01', 'region',     'south',   1, 0, 0, 1, 1, 0, 1, 0, 1, 30.00, 0.00, 30.00),
    ('MONTH', DATE '2024-03-01', 'region',     'east',    1, 1, 1, 0, 2, 1, 1, 2, 0, 100.00, 75.00, 25.00),
    ('MONTH', DATE '2024-03-01', 'price_band', '0-50',    2, 0, 1, 1, 2, 0, 2, 1, 1, 55.00, 0.00, 55.00),
    ('MONTH', DATE '2024-03-01', 'price_band', '50-100',  1, 0, 1, 0, 1, 1, 0, 1, 0, 75.00, 75.00, 0.00),
    ('MONTH', DATE '2024-03-01', 'campaign',   'winter',  1, 0, 0, 1, 1, 0, 1, 0, 1, 30.00, 0.00, 30.00),
    ('MONTH', DATE '2024-03-01', 'campaign',   'summer',  1, 1, 1, 0, 2, 1, 1, 2, 0, 100.00, 75.00, 25.00),
    -- April: c-11 (carol seq 3, two tea lines and a coffee line). b-3 is refunded.
    ('MONTH', DATE '2024-04-01', 'all',        'all',     1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    ('MONTH', DATE '2024-04-01', 'category',   'tea',     1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    ('MONTH', DATE '2024-04-01', 'category',   'coffee',  1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    ('MONTH', DATE '2024-04-01', 'channel',    'app',     1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    ('MONTH', DATE '2024-04-01', 'region',     'east',    1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    ('MONTH', DATE '2024-04-01', 'price_band', '100-200', 1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    ('MONTH', DATE '2024-04-01', 'campaign',   'summer',  1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    -- Other period types, dimension all.
    ('QUARTER', DATE '2024-01-01', 'all', 'all', 4, 3, 4, 0, 8, 4, 4, 8, 0, 1045.00, 895.00, 150.00),
    ('QUARTER', DATE '2024-04-01', 'all', 'all', 1, 0, 0, 1, 1, 0, 1, 0, 1, 150.00, 0.00, 150.00),
    ('YEAR',    DATE '2024-01-01', 'all', 'all', 4, 3, 4, 0, 9, 4, 5, 9, 0, 1195.00, 895.00, 300.00),
    -- a-3 is on Thursday 2024-02-01 local (Wednesday 01-31 in UTC), week from Monday 01-29
    ('WEEK',    DATE '2024-01-29', 'all', 'all', 1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('DAY',     DATE '2024-02-01', 'all', 'all', 1, 0, 0, 1, 1, 0, 1, 0, 1, 50.00, 0.00, 50.00),
    ('DAY',     DATE '2024-01-31', 'all', 'all', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.00, 0.00, 0.00),
    ('DAY',     DATE '2024-03-15', 'all', 'all', 1, 1, 1, 0, 2, 1, 1, 2, 0, 100.00, 75.00, 25.00)
) AS e(period_type, period_start, dimension, dimension_value, customers, repeat_customers,
       new_customers, returning_customers, orders, new_orders, returning_orders,
       new_customer_orders, returning_customer_orders, net_amount, new_net_amount,
       returning_net_amount);

-- Keys checked: every MONTH row, and the other listed keys (a row of zeros = no row).
INSERT INTO x_mismatch
SELECT 'metric_period', 'expected but missing or different', CAST(d.* AS VARCHAR)
FROM (
    SELECT * FROM x_metric_period WHERE customers > 0
    EXCEPT
    SELECT period_type, period_start, dimension, dimension_value, customers, repeat_customers,
           new_customers, returning_customers, orders, new_orders, returning_orders,
           new_customer_orders, returning_customer_orders, net_amount, new_net_amount,
           returning_net_amount
    FROM metric_period
) d;
INSERT INTO x_mismatch
SELECT 'metric_period', 'unexpected', CAST(d.* AS VARCHAR)
FROM (
    SELECT period_type, period_start, dimension, dimension_value, customers, repeat_customers,
           new_customers, returning_customers, orders, new_orders, returning_orders,
           new_customer_orders, returning_customer_orders, net_amount, new_net_amount,
           returning_net_amount
    FROM metric_period m
    WHERE m.customers > 0
      AND (m.period_type = 'MONTH'
       OR EXISTS (SELECT 1 FROM x_metric_period x
                  WHERE x.period_type = m.period_type AND x.period_start = m.period_start
                    AND x.dimension = m.dimension AND x.dimension_value = m.dimension_value))
    EXCEPT
    SELECT * FROM x_metric_period WHERE customers > 0
) d;

-- cohort_retention: type, cohort, k, active(C,k), second(C,k). All MONTH, QUARTER, YEAR rows,
-- and carol's DAY and WEEK cohort (first purchase 03-15, then 04-20 = 36 days, 5 weeks later).
DROP TABLE IF EXISTS pg_temp.x_cohort;
CREATE TEMP TABLE x_cohort AS
SELECT * FROM (VALUES
    -- alice, bob: both buy in January, alice's 2nd in January, bob's 2nd in March
    ('MONTH',   DATE '2024-01-01', 0, 2, 1),
    ('MONTH',   DATE '2024-01-01', 1, 1, 0),
    ('MONTH',   DATE '2024-01-01', 2, 1, 1),
    -- dave
    ('MONTH',   DATE '2024-02-01', 0, 1, 0),
    -- carol: 2nd purchase at the same instant as the 1st, 3rd in April
    ('MONTH',   DATE '2024-03-01', 0, 1, 1),
    ('MONTH',   DATE '2024-03-01', 1, 1, 0),
    ('QUARTER', DATE '2024-01-01', 0, 4, 3),
    ('QUARTER', DATE '2024-01-01', 1, 1, 0),
    ('YEAR',    DATE '2024-01-01', 0, 4, 3),
    ('DAY',     DATE '2024-03-15', 0, 1, 1),
    ('DAY',     DATE '2024-03-15', 36, 1, 0),
    ('WEEK',    DATE '2024-03-11', 0, 1, 1),
    ('WEEK',    DATE '2024-03-11', 5, 1, 0)
) AS e(period_type, cohort_start, period_offset, active_customers, second_purchase_customers);

INSERT INTO x_mismatch
SELECT 'cohort_retention', 'expected but missing or different', CAST(d.* AS VARCHAR)
FROM (
    SELECT * FROM x_cohort
    EXCEPT
    SELECT period_type, cohort_start, period_offset, active_customers, second_purchase_customers
    FROM cohort_retention
) d;
INSERT INTO x_mismatch
SELECT 'cohort_retention', 'unexpected', CAST(d.* AS VARCHAR)
FROM (
    SELECT period_type, cohort_start, period_offset, active_customers, second_purchase_customers
    FROM cohort_retention
    WHERE (active_customers > 0 OR second_purchase_customers > 0)
      AND (period_type IN ('MONTH', 'QUARTER', 'YEAR')
       OR (period_type = 'DAY' AND cohort_start = DATE '2024-03-15')
       OR (period_type = 'WEEK' AND cohort_start = DATE '2024-03-11'))
    EXCEPT
    SELECT * FROM x_cohort
) d;

-- first_repeat_cycle: alice a-1 -> a-2 = 15 days 55 min (15), bob b-1 -> b-2 = 46 days 1 h
-- (46, 2024 is a leap year), carol c-10 -> c-9 = 0. MONTH, QUARTER and YEAR rows.
DROP TABLE IF EXISTS pg_temp.x_first_repeat;
CREATE TEMP TABLE x_first_repeat AS
SELECT * FROM (VALUES
    ('MONTH',   DATE '2024-01-01', 2, 30.50, 15, 15, 46, 46),
    ('MONTH',   DATE '2024-03-01', 1, 0.00, 0, 0, 0, 0),
    -- n = 3, d = 0, 15, 46: mean 61 / 3, median 2nd, p25 1st, p75 3rd, p90 3rd
    ('QUARTER', DATE '2024-01-01', 3, 20.33, 15, 0, 46, 46),
    ('YEAR',    DATE '2024-01-01', 3, 20.33, 15, 0, 46, 46)
) AS e(period_type, cohort_start, intervals, mean_days, median_days, p25_days, p75_days,
       p90_days);

INSERT INTO x_mismatch
SELECT 'first_repeat_cycle', 'mismatch', CAST(d.* AS VARCHAR)
FROM (
    (SELECT * FROM x_first_repeat
     EXCEPT
     SELECT period_type, cohort_start, intervals, mean_days, median_days, p25_days, p75_days,
            p90_days
     FROM first_repeat_cycle)
    UNION ALL
    (SELECT period_type, cohort_start, intervals, mean_days, median_days, p25_days, p75_days,
            p90_days
     FROM first_repeat_cycle
     WHERE intervals > 0 AND period_type IN ('MONTH', 'QUARTER', 'YEAR')
     EXCEPT
     SELECT * FROM x_first_repeat)
) d;

-- category_cycle, all rows. coffee: alice 15 (a-1 -> a-2) and 6 (a-2 -> a-3: 6 days 14.5 h),
-- bob 46, carol 36 (c-9 -> c-11): sorted 6, 15, 36, 46. tea: carol 36 (c-10 -> c-11), alice
-- has one tea purchase left (a-0 is refunded). mug and unknown: no customer buys them twice.
DROP TABLE IF EXISTS pg_temp.x_category_cycle;
CREATE TEMP TABLE x_category_cycle AS
SELECT * FROM (VALUES
    ('coffee', 4, 25.75, 15, 6, 36, 46),
    ('tea',    1, 36.00, 36, 36, 36, 36)
) AS e(category, intervals, mean_days, median_days, p25_days, p75_days, p90_days);

INSERT INTO x_mismatch
SELECT 'category_cycle', 'mismatch', CAST(d.* AS VARCHAR)
FROM (
    (SELECT * FROM x_category_cycle
     EXCEPT
     SELECT category, intervals, mean_days, median_days, p25_days, p75_days, p90_days
     FROM category_cycle)
    UNION ALL
    (SELECT category, intervals, mean_days, median_days, p25_days, p75_days, p90_days
     FROM category_cycle
     WHERE intervals > 0
     EXCEPT
     SELECT * FROM x_category_cycle)
) d;

-- customer_profile, all rows: eve, frank, test-account and the missing customer have no valid
-- purchase.
DROP TABLE IF EXISTS pg_temp.x_profile;
CREATE TEMP TABLE x_profile AS
SELECT * FROM (VALUES
    ('alice', TIMESTAMPTZ '2024-01-10T02:05:00Z', TIMESTAMPTZ '2024-01-31T17:30:00Z', 3, 215.00),
    ('bob',   TIMESTAMPTZ '2024-01-15T10:00:00Z', TIMESTAMPTZ '2024-03-01T11:00:00Z', 2, 230.00),
    ('carol', TIMESTAMPTZ '2024-03-15T08:00:00Z', TIMESTAMPTZ '2024-04-20T08:00:00Z', 3, 250.00),
    ('dave',  TIMESTAMPTZ '2024-02-20T06:00:00Z', TIMESTAMPTZ '2024-02-20T06:00:00Z', 1, 500.00)
) AS e(customer_id, first_purchase_at, last_purchase_at, purchases, net_amount);

INSERT INTO x_mismatch
SELECT 'customer_profile', 'mismatch', CAST(d.* AS VARCHAR)
FROM (
    (SELECT * FROM x_profile
     EXCEPT
     SELECT customer_id, first_purchase_at, last_purchase_at, purchases, net_amount
     FROM customer_profile)
    UNION ALL
    (SELECT customer_id, first_purchase_at, last_purchase_at, purchases, net_amount
     FROM customer_profile
     WHERE purchases > 0
     EXCEPT
     SELECT * FROM x_profile)
) d;

-- exclusion: every MONTH row, and x-1 (2024-01-31T20:00Z) on DAY 02-01 local.
-- d-2 (pending) is in no table. amount = total_amount.
DROP TABLE IF EXISTS pg_temp.x_exclusion;
CREATE TEMP TABLE x_exclusion AS
SELECT * FROM (VALUES
    ('MONTH', DATE '2024-01-01', 'refunded',  1, 60.00),      -- a-0: DELIVERED, refunded in full
    ('MONTH', DATE '2024-02-01', 'abnormal',  2, 50.00),      -- x-1: no customer, x-2: zero value
    ('MONTH', DATE '2024-02-01', 'cancelled', 1, 70.00),      -- d-3
    ('MONTH', DATE '2024-03-01', 'bulk',      2, 20900.00),   -- d-4: net > 10000, d-5: 1500 items
    ('MONTH', DATE '2024-03-01', 'abnormal',  3, 2000025.00), -- x-3 test account, x-4 '', x-5 > max
    ('MONTH', DATE '2024-04-01', 'refunded',  1, 40.00),      -- b-3: REFUNDED
    ('DAY',   DATE '2024-02-01', 'abnormal',  1, 50.00)       -- x-1
) AS e(period_type, period_start, reason, orders, amount);

INSERT INTO x_mismatch
SELECT 'exclusion', 'mismatch', CAST(d.* AS VARCHAR)
FROM (
    (SELECT * FROM x_exclusion
     EXCEPT
     SELECT period_type, period_start, reason, orders, amount FROM exclusion)
    UNION ALL
    (SELECT period_type, period_start, reason, orders, amount
     FROM exclusion
     WHERE orders > 0
       AND (period_type = 'MONTH'
        OR (period_type = 'DAY' AND period_start = DATE '2024-02-01'))
     EXCEPT
     SELECT * FROM x_exclusion)
) d;

-- Invariants over every row of every period type.
INSERT INTO x_mismatch
SELECT 'metric_period invariant', 'violated', CAST(m.* AS VARCHAR)
FROM metric_period m
WHERE new_customers + returning_customers <> customers
   OR new_orders + returning_orders <> orders
   OR new_customer_orders + returning_customer_orders <> orders
   OR new_net_amount + returning_net_amount <> net_amount
   OR repeat_customers > customers
   OR customers > orders;
INSERT INTO x_mismatch
SELECT 'metric_period invariant', '9 valid orders per period type', period_type
FROM metric_period
WHERE dimension = 'all'
GROUP BY period_type
HAVING SUM(orders) <> 9 OR SUM(net_amount) <> 1195.00 OR SUM(new_customers) <> 4;
INSERT INTO x_mismatch
SELECT 'exclusion invariant', '10 excluded orders per period type', period_type
FROM exclusion
GROUP BY period_type
HAVING SUM(orders) <> 10;
INSERT INTO x_mismatch
SELECT 'cohort invariant', 'cohort sizes add up to 4 customers', period_type
FROM cohort_retention
WHERE period_offset = 0
GROUP BY period_type
HAVING SUM(active_customers) <> 4;

SELECT * FROM x_mismatch ORDER BY check_name, side, row_text;

-- Fails (with ON_ERROR_STOP, psql exits with status 3) when anything above mismatched.
SELECT CAST('check failed: ' || COUNT(*) || ' mismatches' AS INTEGER) AS failed
FROM x_mismatch
HAVING COUNT(*) > 0;

SELECT 'check passed' AS result;
