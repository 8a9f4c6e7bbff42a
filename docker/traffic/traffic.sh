#!/bin/sh
# traffic.sh: keeps the order system busy. Every TICK_SECONDS it runs tick.sql: new orders come
# in, earlier ones are paid, shipped, delivered, completed, cancelled or refunded. A failed tick
# is logged and the next one tries again, so a restart of the database does not stop traffic.
# Connection: the libpq variables PGHOST, PGUSER, PGPASSWORD, PGDATABASE.
set -u
TICK_SECONDS="${TICK_SECONDS:-2}"

until pg_isready -q; do
  echo "traffic: waiting for the order system at ${PGHOST:-localhost}"
  sleep 2
done

echo "traffic: one tick every ${TICK_SECONDS}s (tick.sql)"
ticks=0
while true; do
  if psql -q -X -v ON_ERROR_STOP=1 -f /traffic/tick.sql >/dev/null; then
    ticks=$((ticks + 1))
    if [ $((ticks % 100)) -eq 0 ]; then
      echo "traffic: ${ticks} ticks, $(psql -q -X -A -t -c 'SELECT count(*) FROM orders') orders"
    fi
  else
    echo "traffic: tick failed, trying again in ${TICK_SECONDS}s"
  fi
  sleep "$TICK_SECONDS"
done
