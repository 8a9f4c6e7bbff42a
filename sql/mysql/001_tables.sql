-- mysql/001_tables.sql: the sink tables of SPEC section 5 (the public contract read by dashboards),
-- in the MySQL dialect: the same tables, columns and keys as ../001_tables.sql.
--
-- Runs on MariaDB 10.11 and MySQL 8. The job applies it when jdbc.url is jdbc:mariadb: or
-- jdbc:mysql:.
-- Statements end with a semicolon at the end of a line: the jobs split this file on it.
-- Types: counts BIGINT, amounts DECIMAL(18,2), day statistics INTEGER, periods DATE in the
-- business time zone, identifiers and labels VARCHAR(255), period types, reasons, stages,
-- statuses VARCHAR(32).
-- Instants are DATETIME(3) holding the UTC time (MySQL's DATETIME has no zone, and TIMESTAMP
-- would follow the session's time zone): read them as UTC, e.g. CONVERT_TZ(due_at, '+00:00',
-- 'Asia/Shanghai') for local time.
-- Text compares byte for byte (utf8mb4_bin), as on PostgreSQL: keys differing only in case are
-- distinct rows.

-- M1, M2, M5, M6: per period and dimension slice, customers, orders and net amounts split into
-- new and returning. new_customer_orders / returning_customer_orders (orders of P placed by the
-- new / returning customers of P) are the numerators of the M6 frequencies.
CREATE TABLE IF NOT EXISTS metric_period (
    period_type               VARCHAR(32)   NOT NULL,
    period_start              DATE          NOT NULL,
    dimension                 VARCHAR(32)   NOT NULL,
    dimension_value           VARCHAR(255)  NOT NULL,
    customers                 BIGINT        DEFAULT 0 NOT NULL,
    repeat_customers          BIGINT        DEFAULT 0 NOT NULL,
    new_customers             BIGINT        DEFAULT 0 NOT NULL,
    returning_customers       BIGINT        DEFAULT 0 NOT NULL,
    orders                    BIGINT        DEFAULT 0 NOT NULL,
    new_orders                BIGINT        DEFAULT 0 NOT NULL,
    returning_orders          BIGINT        DEFAULT 0 NOT NULL,
    new_customer_orders       BIGINT        DEFAULT 0 NOT NULL,
    returning_customer_orders BIGINT        DEFAULT 0 NOT NULL,
    net_amount                DECIMAL(18,2) DEFAULT 0 NOT NULL,
    new_net_amount            DECIMAL(18,2) DEFAULT 0 NOT NULL,
    returning_net_amount      DECIMAL(18,2) DEFAULT 0 NOT NULL,
    PRIMARY KEY (period_type, period_start, dimension, dimension_value)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M3: cohort repurchase. Per first-purchase cohort and offset k (in periods of period_type):
-- active(C,k) and second(C,k). A row for k = 0 of every cohort and every k where either is > 0.
CREATE TABLE IF NOT EXISTS cohort_retention (
    period_type               VARCHAR(32)   NOT NULL,
    cohort_start              DATE          NOT NULL,
    period_offset             INTEGER       NOT NULL,
    active_customers          BIGINT        DEFAULT 0 NOT NULL,
    second_purchase_customers BIGINT        DEFAULT 0 NOT NULL,
    PRIMARY KEY (period_type, cohort_start, period_offset)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M4: repurchase cycle from the 1st to the 2nd valid purchase, by period of the 1st.
-- Whole days. The statistics are NULL only in a row kept with intervals = 0.
CREATE TABLE IF NOT EXISTS first_repeat_cycle (
    period_type               VARCHAR(32)   NOT NULL,
    cohort_start              DATE          NOT NULL,
    intervals                 BIGINT        DEFAULT 0 NOT NULL,
    mean_days                 DECIMAL(12,2),
    median_days               INTEGER,
    p25_days                  INTEGER,
    p75_days                  INTEGER,
    p90_days                  INTEGER,
    PRIMARY KEY (period_type, cohort_start)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M4: repurchase cycle between consecutive valid purchases of the same customer containing the
-- category, all time. Whole days. The statistics are NULL only in a row kept with intervals = 0.
CREATE TABLE IF NOT EXISTS category_cycle (
    category                  VARCHAR(255)  NOT NULL,
    intervals                 BIGINT        DEFAULT 0 NOT NULL,
    mean_days                 DECIMAL(12,2),
    median_days               INTEGER,
    p25_days                  INTEGER,
    p75_days                  INTEGER,
    p90_days                  INTEGER,
    learned_intervals         BIGINT        DEFAULT 0 NOT NULL,
    learned_median_days       INTEGER,
    PRIMARY KEY (category)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- The columns a table created by an earlier version lacks (MariaDB's IF NOT EXISTS).
ALTER TABLE category_cycle ADD COLUMN IF NOT EXISTS learned_intervals BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE category_cycle ADD COLUMN IF NOT EXISTS learned_median_days INTEGER;

-- M7, M8 and the triggers of section 4: one row per customer who has had a valid purchase; a
-- customer whose purchases were all refunded keeps a row with purchases = 0 and NULL times.
-- expected_next_purchase_at, lifecycle_stage, rfm_r, rfm_f, rfm_m (1-5 scores) and segment are
-- filled by the lifecycle / RFM feature and stay NULL until then.
CREATE TABLE IF NOT EXISTS customer_profile (
    customer_id               VARCHAR(255)  NOT NULL,
    first_purchase_at         DATETIME(3),
    last_purchase_at          DATETIME(3),
    purchases                 BIGINT        DEFAULT 0 NOT NULL,
    net_amount                DECIMAL(18,2) DEFAULT 0 NOT NULL,
    expected_next_purchase_at DATETIME(3),
    lifecycle_stage           VARCHAR(32),
    rfm_r                     INTEGER,
    rfm_f                     INTEGER,
    rfm_m                     INTEGER,
    segment                   VARCHAR(32),
    habitual_hour             INTEGER,
    habitual_weekday          INTEGER,
    -- Section 9: as of the latest fit or change; NULL until the first fit.
    p_alive                   DOUBLE,
    expected_purchases        DOUBLE,
    predicted_value           DOUBLE,
    PRIMARY KEY (customer_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
ALTER TABLE customer_profile ADD COLUMN IF NOT EXISTS habitual_hour INTEGER;
ALTER TABLE customer_profile ADD COLUMN IF NOT EXISTS habitual_weekday INTEGER;
ALTER TABLE customer_profile ADD COLUMN IF NOT EXISTS p_alive DOUBLE;
ALTER TABLE customer_profile ADD COLUMN IF NOT EXISTS expected_purchases DOUBLE;
ALTER TABLE customer_profile ADD COLUMN IF NOT EXISTS predicted_value DOUBLE;

-- Section 9: every fit of the prediction models, by its event time (today is its local date).
-- r, alpha, a, b: BG/NBD, alpha in weeks; spend_p, spend_q, spend_gamma: Gamma-Gamma, gamma in
-- currency units, NULL until a customer has a repeat purchase day with a positive spend.
CREATE TABLE IF NOT EXISTS prediction_model (
    fitted_at                 DATETIME(3)   NOT NULL,
    customers                 BIGINT        NOT NULL,
    r                         DOUBLE        NOT NULL,
    alpha                     DOUBLE        NOT NULL,
    a                         DOUBLE        NOT NULL,
    b                         DOUBLE        NOT NULL,
    log_likelihood            DOUBLE        NOT NULL,
    spend_p                   DOUBLE,
    spend_q                   DOUBLE,
    spend_gamma               DOUBLE,
    PRIMARY KEY (fitted_at)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M7: customers per lifecycle stage (NEW, ACTIVE, DORMANT, CHURNED).
CREATE TABLE IF NOT EXISTS lifecycle_stage_count (
    lifecycle_stage           VARCHAR(32)   NOT NULL,
    customers                 BIGINT        DEFAULT 0 NOT NULL,
    PRIMARY KEY (lifecycle_stage)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M8: customers and net spend (GMV) per RFM segment.
CREATE TABLE IF NOT EXISTS segment_stat (
    segment                   VARCHAR(32)   NOT NULL,
    customers                 BIGINT        DEFAULT 0 NOT NULL,
    net_amount                DECIMAL(18,2) DEFAULT 0 NOT NULL,
    PRIMARY KEY (segment)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M9: campaign effect. customers: customers whose first valid purchase with the campaign (the
-- order's campaign_id) qualifies them, at t; repurchased_customers: those of them with a later
-- valid purchase in (t, t + campaign.window-days]. baseline_customers /
-- baseline_repurchased_customers: the sums of baseline_month over the months (business time
-- zone) in which the campaign has customers. Derived from campaign_month and baseline_month.
CREATE TABLE IF NOT EXISTS campaign_effect (
    campaign_id                    VARCHAR(255) NOT NULL,
    customers                      BIGINT       DEFAULT 0 NOT NULL,
    repurchased_customers          BIGINT       DEFAULT 0 NOT NULL,
    baseline_customers             BIGINT       DEFAULT 0 NOT NULL,
    baseline_repurchased_customers BIGINT       DEFAULT 0 NOT NULL,
    PRIMARY KEY (campaign_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M9 per month: a campaign's customers whose qualifying purchase (the first valid purchase with
-- the campaign) falls in the month, and those of them who repurchased within the window.
CREATE TABLE IF NOT EXISTS campaign_month (
    campaign_id                    VARCHAR(255) NOT NULL,
    month_start                    DATE         NOT NULL,
    customers                      BIGINT       DEFAULT 0 NOT NULL,
    repurchased_customers          BIGINT       DEFAULT 0 NOT NULL,
    PRIMARY KEY (campaign_id, month_start)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M9 baseline per month: customers with a valid purchase without a campaign in the month, counted
-- at the first such purchase t', and those of them with a later valid purchase (any) in
-- (t', t' + campaign.window-days].
CREATE TABLE IF NOT EXISTS baseline_month (
    month_start                    DATE         NOT NULL,
    customers                      BIGINT       DEFAULT 0 NOT NULL,
    repurchased_customers          BIGINT       DEFAULT 0 NOT NULL,
    PRIMARY KEY (month_start)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Coupons per campaign ('none' for coupons without one): coupons issued; redeemed
-- (redeemed_order_id set, or used by a valid purchase of the customer: the order's coupon_id);
-- recipients_not_redeemed: customers who received coupons of the campaign and redeemed none;
-- not_redeemed_repurchased: those of them with a valid purchase in (t0, t0 + campaign.window-days],
-- t0 the issue of their first coupon of the campaign.
CREATE TABLE IF NOT EXISTS coupon_stat (
    campaign_id                    VARCHAR(255) NOT NULL,
    issued                         BIGINT       DEFAULT 0 NOT NULL,
    redeemed                       BIGINT       DEFAULT 0 NOT NULL,
    recipients_not_redeemed        BIGINT       DEFAULT 0 NOT NULL,
    not_redeemed_repurchased       BIGINT       DEFAULT 0 NOT NULL,
    PRIMARY KEY (campaign_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- M10: orders excluded per period of their purchase time and reason (cancelled, refunded,
-- abnormal, bulk). amount is the sum of total_amount.
CREATE TABLE IF NOT EXISTS exclusion (
    period_type               VARCHAR(32)   NOT NULL,
    period_start              DATE          NOT NULL,
    reason                    VARCHAR(32)   NOT NULL,
    orders                    BIGINT        DEFAULT 0 NOT NULL,
    amount                    DECIMAL(18,2) DEFAULT 0 NOT NULL,
    PRIMARY KEY (period_type, period_start, reason)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- SPEC 8.1: the commission each referrer is owed now for each valid purchase of a referred
-- customer within referral.window-days of registration, per level of the chain (1: the
-- customer's referrer). A row no longer owed (refund, cancellation, changed referrer) is deleted.
CREATE TABLE IF NOT EXISTS referral_commission (
    referrer_id               VARCHAR(255)  NOT NULL,
    order_id                  VARCHAR(255)  NOT NULL,
    level                     INTEGER       NOT NULL,
    customer_id               VARCHAR(255)  NOT NULL,
    purchase_at               DATETIME(3) NOT NULL,
    net_amount                NUMERIC(18,2) NOT NULL,
    commission                NUMERIC(18,2) NOT NULL,
    PRIMARY KEY (referrer_id, order_id, level)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- SPEC 8.1: referral_commission summed per referrer and period of the purchase: the distinct
-- customers whose purchases earned, their orders, net amount and the commission.
CREATE TABLE IF NOT EXISTS referral_stat (
    period_type               VARCHAR(32)   NOT NULL,
    period_start              DATE          NOT NULL,
    referrer_id               VARCHAR(255)  NOT NULL,
    referred_customers        BIGINT        DEFAULT 0 NOT NULL,
    orders                    BIGINT        DEFAULT 0 NOT NULL,
    net_amount                NUMERIC(18,2) DEFAULT 0 NOT NULL,
    commission                NUMERIC(18,2) DEFAULT 0 NOT NULL,
    PRIMARY KEY (period_type, period_start, referrer_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Section 4 (no metric): every reminder / lifecycle trigger planned, SENT or SUPPRESSED.
-- No contact data. expected_at, last_purchase_at and category are NULL where the type has none.
CREATE TABLE IF NOT EXISTS trigger_log (
    trigger_id                VARCHAR(255)  NOT NULL,
    type                      VARCHAR(32)   NOT NULL,
    customer_id               VARCHAR(255)  NOT NULL,
    due_at                    DATETIME(3) NOT NULL,
    last_purchase_at          DATETIME(3),
    expected_at               DATETIME(3),
    category                  VARCHAR(255),
    status                    VARCHAR(32)   NOT NULL,
    segment                   VARCHAR(32),
    reason                    VARCHAR(1000),
    PRIMARY KEY (trigger_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Section 6 (no metric): input that could not be parsed, by its source position, also sent to
-- the dead-letter topic. reason and excerpt are truncated by the writer to fit, and the excerpt

-- Section 4.2: the order-operation alerts for the shop's staff, SENT or SUPPRESSED.
CREATE TABLE IF NOT EXISTS order_alert (
    alert_id                  VARCHAR(255)  NOT NULL,
    type                      VARCHAR(32)   NOT NULL,
    order_id                  VARCHAR(255)  NOT NULL,
    customer_id               VARCHAR(255),
    due_at                    DATETIME(3)   NOT NULL,
    status                    VARCHAR(32)   NOT NULL,
    PRIMARY KEY (alert_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- must already be masked (no phone or e-mail in clear).
CREATE TABLE IF NOT EXISTS rejected_input (
    source_topic              VARCHAR(255)  NOT NULL,
    source_partition          INTEGER       NOT NULL,
    source_offset             BIGINT        NOT NULL,
    reason                    VARCHAR(1000) NOT NULL,
    excerpt                   VARCHAR(4000),
    recorded_at               DATETIME(3) NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Section 8.2 (no metric): the orders of a flash sale (abuse.campaigns) flagged by its limits:
-- the first rule that flags the order (device, ip, address) and its rank among the orders of the
-- flash sale sharing that device, IP or address hash, in purchase sequence. An order whose flag
-- is cleared (an earlier order refunded or cancelled) loses its row. No device, IP or address
-- here, not even hashed. RANK is a reserved word of MySQL 8: the column is quoted.
CREATE TABLE IF NOT EXISTS abuse_flag (
    order_id                  VARCHAR(255)  NOT NULL,
    campaign_id               VARCHAR(255)  NOT NULL,
    rule                      VARCHAR(16)   NOT NULL,
    `rank`                    INTEGER       NOT NULL,
    purchase_at               DATETIME(3)   NOT NULL,
    PRIMARY KEY (order_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
