-- 099_batch_inputs.sql: the plain input tables of the batch reference (100_batch_metrics.sql),
-- PostgreSQL only. Serves no metric itself: load an order history here (e.g. the CSV files of
-- SPEC section 7 with \copy, and a coupons or customers CSV if there is one), put one row in batch_settings,
-- then run 100_batch_metrics.sql.
-- Statements end with a semicolon at the end of a line, so the jobs' splitter can run it too.

-- SPEC section 1 `orders`, canonical column names. The contact columns are never read; device_id,
-- client_ip and address_hash (SPEC 8.2) only by the flash-sale ranking of 100_batch_metrics.sql.
-- refunded_amount NULL means 0. Purchase time = coalesce(paid_at, created_at).
CREATE TABLE IF NOT EXISTS orders (
    order_id             VARCHAR(255)  NOT NULL,
    customer_id          VARCHAR(255),
    status               VARCHAR(32)   NOT NULL,
    total_amount         NUMERIC(18,2) NOT NULL,
    currency             VARCHAR(32),
    channel              VARCHAR(255),
    region               VARCHAR(255),
    campaign_id          VARCHAR(255),
    coupon_id            VARCHAR(255),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    paid_at              TIMESTAMP WITH TIME ZONE,
    shipped_at           TIMESTAMP WITH TIME ZONE,
    delivered_at         TIMESTAMP WITH TIME ZONE,
    promised_delivery_at TIMESTAMP WITH TIME ZONE,
    cancelled_at         TIMESTAMP WITH TIME ZONE,
    refunded_amount      NUMERIC(18,2) DEFAULT 0,
    customer_phone       VARCHAR(255),
    customer_email       VARCHAR(255),
    updated_at           TIMESTAMP WITH TIME ZONE,
    device_id            VARCHAR(255),
    client_ip            VARCHAR(255),
    address_hash         VARCHAR(255),
    PRIMARY KEY (order_id)
);

-- SPEC 8.2's optional columns came after the first release.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS device_id VARCHAR(255);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS client_ip VARCHAR(255);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS address_hash VARCHAR(255);

-- SPEC section 1 `order_items`. An order without lines has quantity 0 and no category.
CREATE TABLE IF NOT EXISTS order_items (
    order_id             VARCHAR(255)  NOT NULL,
    line_no              INTEGER       NOT NULL,
    sku                  VARCHAR(255),
    category             VARCHAR(255),
    quantity             BIGINT,
    unit_price           NUMERIC(18,2),
    PRIMARY KEY (order_id, line_no)
);

-- SPEC section 1 `coupons`: a coupon issued to a customer for a campaign (NULL: none), valid
-- until expires_at, redeemed by redeemed_order_id (NULL or '': not redeemed). May stay empty.
CREATE TABLE IF NOT EXISTS coupons (
    coupon_id            VARCHAR(255)  NOT NULL,
    customer_id          VARCHAR(255)  NOT NULL,
    campaign_id          VARCHAR(255),
    issued_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    redeemed_order_id    VARCHAR(255),
    PRIMARY KEY (coupon_id)
);

-- SPEC section 1 `customers` (optional, SPEC 8.1): who invited the customer (NULL or '':
-- nobody) and when they registered (NULL: no purchase earns). May stay empty.
CREATE TABLE IF NOT EXISTS customers (
    customer_id          VARCHAR(255)  NOT NULL,
    referrer_id          VARCHAR(255),
    registered_at        TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (customer_id)
);

-- Written by 100_batch_metrics.sql, read by 130_batch_referral.sql: every order with its
-- outcome (SPEC section 2: 'valid', an exclusion reason such as 'abuse', or NULL when it is no
-- purchase yet), so that the valid-purchase rule is written once. Not an input: refilled by each
-- run of 100_batch_metrics.sql.
CREATE TABLE IF NOT EXISTS batch_order_outcome (
    order_id             VARCHAR(255)  NOT NULL,
    customer_id          VARCHAR(255),
    purchase_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    net_amount           NUMERIC(18,2) NOT NULL,
    outcome              VARCHAR(32),
    PRIMARY KEY (order_id)
);

-- The referral options of 130_batch_referral.sql, in one row; a NULL column (or no row) takes
-- the job option's default: levels referral.levels 2, rates referral.level-<n>-rate
-- {0.05,0.02} (level 1 first), window_days referral.window-days 365.
CREATE TABLE IF NOT EXISTS referral_settings (
    levels               INTEGER,
    rates                NUMERIC[],
    window_days          INTEGER
);

-- The job options the batch needs, in one row. A NULL column (or no row at all) takes the
-- default of the job option:
--   timezone            timezone                   'UTC'
--   max_order_amount    rules.max-order-amount     1000000
--   bulk_max_quantity   rules.bulk-max-quantity    1000
--   bulk_max_amount     rules.bulk-max-amount      10000
--   excluded_customers  rules.excluded-customers   none
--   price_bands         dimensions.price-bands     {0,50,100,200,500}
--   period_types        metrics.period-types       {DAY,WEEK,MONTH,QUARTER,YEAR}
--   campaign_window_days campaign.window-days      90
--   habit_min_purchases reminders.habit-min-purchases 3
--   learn_horizon_days  reminders.learn-horizon-days  90
--   alerts_payment_deadline alerts.payment-deadline 24 hours   (110_batch_alerts.sql)
--   alerts_payment_lead  alerts.payment-lead        2 hours
--   alerts_ship_within   alerts.ship-within         48 hours
--   alerts_types         alerts.types               {PAYMENT_DUE,SHIP_LATE,DELIVERY_LATE}
--   abuse_campaigns      abuse.campaigns            none (no flash sale)
--   abuse_max_per_device abuse.max-per-device       1
--   abuse_max_per_ip     abuse.max-per-ip           3
--   abuse_max_per_address abuse.max-per-address     1
--   suppress_before      reminders.suppress-before  none suppressed (the job: its start - 1 day)
--   as_of                time.end                   the alerts: no end, every alert due so far;
--                                                   the learned cycles: the latest change of the
--                                                   orders (created, paid, shipped, ..., updated)
-- More than one row is an error ("more than one row returned by a subquery").
CREATE TABLE IF NOT EXISTS batch_settings (
    timezone             VARCHAR(64),
    max_order_amount     NUMERIC(18,2),
    bulk_max_quantity    BIGINT,
    bulk_max_amount      NUMERIC(18,2),
    excluded_customers   VARCHAR(255)[],
    price_bands          NUMERIC[],
    period_types         VARCHAR(32)[],
    campaign_window_days INTEGER,
    habit_min_purchases  INTEGER,
    learn_horizon_days   INTEGER,
    as_of                TIMESTAMP WITH TIME ZONE
);

-- The columns came after the first release: add them to a batch_settings created before.
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS campaign_window_days INTEGER;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS habit_min_purchases INTEGER;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS learn_horizon_days INTEGER;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS alerts_payment_deadline INTERVAL;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS alerts_payment_lead INTERVAL;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS alerts_ship_within INTERVAL;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS alerts_types VARCHAR(32)[];
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS suppress_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS as_of TIMESTAMP WITH TIME ZONE;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS abuse_campaigns VARCHAR(255)[];
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS abuse_max_per_device INTEGER;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS abuse_max_per_ip INTEGER;
ALTER TABLE batch_settings ADD COLUMN IF NOT EXISTS abuse_max_per_address INTEGER;
