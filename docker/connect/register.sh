#!/bin/sh
# register.sh: registers (or updates) the Debezium connector of the order system once Kafka
# Connect answers, then waits until it runs. PUT /connectors/<name>/config is idempotent, so
# running this again after a restart is harmless. Used by the connect-init service.
set -eu
CONNECT_URL="${CONNECT_URL:-http://connect:8083}"
CONNECTOR=orders-cdc
CONFIG=/connect/orders-cdc.json

attempt=0
until curl -fsS -o /dev/null "$CONNECT_URL/connectors"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 90 ]; then
    echo "connect-init: Kafka Connect did not answer at $CONNECT_URL" >&2
    exit 1
  fi
  echo "connect-init: waiting for Kafka Connect at $CONNECT_URL"
  sleep 2
done

echo "connect-init: registering $CONNECTOR from $CONFIG"
curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary "@$CONFIG" \
  "$CONNECT_URL/connectors/$CONNECTOR/config"
echo

attempt=0
until curl -fsS "$CONNECT_URL/connectors/$CONNECTOR/status" | grep -q '"state":"RUNNING"'; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then
    echo "connect-init: $CONNECTOR is not running:" >&2
    curl -sS "$CONNECT_URL/connectors/$CONNECTOR/status" >&2 || true
    exit 1
  fi
  sleep 2
done
echo "connect-init: $CONNECTOR is running; change events flow to the topics orders, order_items, coupons"
