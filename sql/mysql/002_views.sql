-- mysql/002_views.sql: the ratios of SPEC section 3 over the tables of mysql/001_tables.sql,
-- the same views and columns as ../002_views.sql in the MySQL dialect.
--
-- Every ratio comes with its numerator and denominator (SPEC section 3: never alone).
-- A ratio is NULL when its denominator is 0, otherwise DECIMAL rounded half-up to 4 places:
--   CAST(ROUND(CAST(numerator AS DECIMAL(30,10)) / NULLIF(denominator, 0), 4) AS DECIMAL(22,4))
-- (MySQL's CAST knows DECIMAL and SIGNED, not NUMERIC and BIGINT).
-- Runs on MariaDB 10.11 and MySQL 8 (window functions and WITH in views).

-- M1: repeat-customer rate = customers with >= 2 valid purchases in P / customers in P.
CREATE OR REPLACE VIEW v_repeat_rate AS
SELECT
    period_type,
    period_start,
    dimension,
    dimension_value,
    repeat_customers,
    customers,
    CAST(ROUND(CAST(repeat_customers AS DECIMAL(30,10)) / NULLIF(customers, 0), 4)
        AS DECIMAL(22,4)) AS repeat_rate
FROM metric_period;

-- M2: returning-customer share = returning customers of P / customers in P.
CREATE OR REPLACE VIEW v_returning_share AS
SELECT
    period_type,
    period_start,
    dimension,
    dimension_value,
    returning_customers,
    customers,
    CAST(ROUND(CAST(returning_customers AS DECIMAL(30,10)) / NULLIF(customers, 0), 4)
        AS DECIMAL(22,4)) AS returning_share
FROM metric_period;

-- M5: returning-customer revenue contribution = net of returning orders / net of all orders.
CREATE OR REPLACE VIEW v_returning_revenue_share AS
SELECT
    period_type,
    period_start,
    dimension,
    dimension_value,
    returning_net_amount,
    net_amount,
    CAST(ROUND(CAST(returning_net_amount AS DECIMAL(30,10)) / NULLIF(net_amount, 0), 4)
        AS DECIMAL(22,4)) AS returning_revenue_share
FROM metric_period;

-- M6: AOV (net amount / orders) of new orders (seq = 1) and of returning orders (seq >= 2),
-- and frequency (orders per customer) of the new and of the returning customers of P.
CREATE OR REPLACE VIEW v_aov_frequency AS
SELECT
    period_type,
    period_start,
    dimension,
    dimension_value,
    new_net_amount,
    new_orders,
    CAST(ROUND(CAST(new_net_amount AS DECIMAL(30,10)) / NULLIF(new_orders, 0), 4)
        AS DECIMAL(22,4)) AS new_aov,
    returning_net_amount,
    returning_orders,
    CAST(ROUND(CAST(returning_net_amount AS DECIMAL(30,10)) / NULLIF(returning_orders, 0), 4)
        AS DECIMAL(22,4)) AS returning_aov,
    new_customer_orders,
    new_customers,
    CAST(ROUND(CAST(new_customer_orders AS DECIMAL(30,10)) / NULLIF(new_customers, 0), 4)
        AS DECIMAL(22,4)) AS new_frequency,
    returning_customer_orders,
    returning_customers,
    CAST(ROUND(CAST(returning_customer_orders AS DECIMAL(30,10)) / NULLIF(returning_customers, 0), 4)
        AS DECIMAL(22,4)) AS returning_frequency
FROM metric_period;

-- M3: per cohort C and offset k, retention = active(C,k) / active(C,0) and cumulative
-- repurchase rate = sum(second(C,0..k)) / active(C,0). Offsets without a row have
-- active = second = 0, so the running sum over the existing rows is the sum over 0..k.
CREATE OR REPLACE VIEW v_cohort_rates AS
WITH cohort_row AS (
    SELECT
        period_type,
        cohort_start,
        period_offset,
        active_customers,
        second_purchase_customers,
        -- active(C,0): the cohort size
        MAX(CASE WHEN period_offset = 0 THEN active_customers END)
            OVER (PARTITION BY period_type, cohort_start) AS cohort_customers,
        -- sum(second(C,0..k))
        CAST(SUM(second_purchase_customers)
            OVER (PARTITION BY period_type, cohort_start ORDER BY period_offset
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            AS SIGNED) AS cumulative_second_purchase_customers
    FROM cohort_retention
)
SELECT
    period_type,
    cohort_start,
    period_offset,
    active_customers,
    cohort_customers,
    CAST(ROUND(CAST(active_customers AS DECIMAL(30,10)) / NULLIF(cohort_customers, 0), 4)
        AS DECIMAL(22,4)) AS retention_rate,
    second_purchase_customers,
    cumulative_second_purchase_customers,
    CAST(ROUND(CAST(cumulative_second_purchase_customers AS DECIMAL(30,10)) / NULLIF(cohort_customers, 0), 4)
        AS DECIMAL(22,4)) AS cumulative_repurchase_rate
FROM cohort_row;

-- M10: share of the orders of P that were excluded for each reason, where the orders of P are
-- the valid orders (metric_period, dimension all) plus the excluded ones of every reason.
-- Pending orders are in neither.
CREATE OR REPLACE VIEW v_exclusion_share AS
WITH excluded_total AS (
    -- all excluded orders of a period, whatever the reason
    SELECT period_type, period_start, CAST(SUM(orders) AS SIGNED) AS excluded_orders
    FROM exclusion
    GROUP BY period_type, period_start
),
considered AS (
    -- valid + excluded orders of a period
    SELECT
        t.period_type,
        t.period_start,
        t.excluded_orders + COALESCE(m.orders, 0) AS considered_orders
    FROM excluded_total t
    LEFT JOIN metric_period m
        ON m.period_type = t.period_type
        AND m.period_start = t.period_start
        AND m.dimension = 'all'
        AND m.dimension_value = 'all'
)
SELECT
    e.period_type,
    e.period_start,
    e.reason,
    e.orders,
    e.amount,
    c.considered_orders,
    CAST(ROUND(CAST(e.orders AS DECIMAL(30,10)) / NULLIF(c.considered_orders, 0), 4)
        AS DECIMAL(22,4)) AS exclusion_share
FROM exclusion e
JOIN considered c
    ON c.period_type = e.period_type
    AND c.period_start = e.period_start;

-- M9: per campaign, the repurchase rate of its customers (repurchased within the window / customers)
-- and of the baseline of the same months (customers without a campaign), and the uplift, their
-- difference (NULL if either rate is).
CREATE OR REPLACE VIEW v_campaign_uplift AS
SELECT
    campaign_id,
    repurchased_customers,
    customers,
    CAST(ROUND(CAST(repurchased_customers AS DECIMAL(30,10)) / NULLIF(customers, 0), 4)
        AS DECIMAL(22,4)) AS repurchase_rate,
    baseline_repurchased_customers,
    baseline_customers,
    CAST(ROUND(CAST(baseline_repurchased_customers AS DECIMAL(30,10)) / NULLIF(baseline_customers, 0), 4)
        AS DECIMAL(22,4)) AS baseline_repurchase_rate,
    -- the difference of the unrounded rates, rounded like them
    CAST(ROUND(CAST(repurchased_customers AS DECIMAL(30,10)) / NULLIF(customers, 0)
               - CAST(baseline_repurchased_customers AS DECIMAL(30,10)) / NULLIF(baseline_customers, 0), 4)
        AS DECIMAL(22,4)) AS uplift
FROM campaign_effect;

-- Coupons per campaign: redemption rate = redeemed / issued, and the repurchase rate of the
-- recipients who redeemed none (bought within the window of their first coupon / recipients).
CREATE OR REPLACE VIEW v_coupon_redemption AS
SELECT
    campaign_id,
    redeemed,
    issued,
    CAST(ROUND(CAST(redeemed AS DECIMAL(30,10)) / NULLIF(issued, 0), 4)
        AS DECIMAL(22,4)) AS redemption_rate,
    not_redeemed_repurchased,
    recipients_not_redeemed,
    CAST(ROUND(CAST(not_redeemed_repurchased AS DECIMAL(30,10)) / NULLIF(recipients_not_redeemed, 0), 4)
        AS DECIMAL(22,4)) AS not_redeemed_repurchase_rate
FROM coupon_stat;
