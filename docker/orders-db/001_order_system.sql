-- 001_order_system.sql: the shop's order system, the source that Debezium captures (SPEC
-- section 1). Run once by the postgres image (docker-entrypoint-initdb.d) in database `shop`.
--
-- The columns are the canonical ones (the same shape as sql/099_batch_inputs.sql), plus the
-- coupons table. Every table has REPLICA IDENTITY FULL, so an update or delete carries the whole
-- previous row, and belongs to the publication the connector reads (pgoutput plugin, see
-- docker/connect/orders-cdc.json); wal_level=logical is set on the server's command line.

CREATE TABLE orders (
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
    PRIMARY KEY (order_id)
);

CREATE TABLE order_items (
    order_id             VARCHAR(255)  NOT NULL,
    line_no              INTEGER       NOT NULL,
    sku                  VARCHAR(255),
    category             VARCHAR(255),
    quantity             BIGINT,
    unit_price           NUMERIC(18,2),
    PRIMARY KEY (order_id, line_no)
);

-- A coupon issued to a customer for a campaign; redeemed_order_id is set when an order uses it.
CREATE TABLE coupons (
    coupon_id            VARCHAR(255)  NOT NULL,
    customer_id          VARCHAR(255)  NOT NULL,
    campaign_id          VARCHAR(255),
    issued_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    redeemed_order_id    VARCHAR(255),
    PRIMARY KEY (coupon_id)
);

CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX coupons_customer_idx ON coupons (customer_id) WHERE redeemed_order_id IS NULL;

ALTER TABLE orders REPLICA IDENTITY FULL;
ALTER TABLE order_items REPLICA IDENTITY FULL;
ALTER TABLE coupons REPLICA IDENTITY FULL;

CREATE PUBLICATION repurchase_cdc FOR TABLE orders, order_items, coupons;
