#!/bin/sh
# Loads a JSONL file of logs into incident:<id>:logs (a list, oldest first), publishes
# `XADD incidents:created * incident_id <id>` and waits for the result of the stream consumer.
# Needs only valkey-cli (or redis-cli): it runs in the docker-compose `demo` service and works
# against any server, e.g.
#   VALKEY_HOST=127.0.0.1 VALKEY_PORT=6379 INCIDENT_ID=demo-INC-0001 sh examples/load-incident.sh
set -eu

HOST="${VALKEY_HOST:-valkey}"
PORT="${VALKEY_PORT:-6379}"
ID="${INCIDENT_ID:-demo-INC-0001}"
FILE="${LOGS_FILE:-$(dirname "$0")/sample-incident.jsonl}"
LOGS_KEY="${LOGS_KEY:-incident:$ID:logs}"
STREAM="${INCIDENT_STREAM:-incidents:created}"
RESULT_KEY="${RESULT_KEY:-${ANOMALY_STREAM:-anomalies:detected}:latest:$ID}"
WAIT_SECONDS="${WAIT_SECONDS:-60}"

CLI=valkey-cli
command -v "$CLI" >/dev/null 2>&1 || CLI=redis-cli
cli() { "$CLI" -h "$HOST" -p "$PORT" ${VALKEY_PASSWORD:+--no-auth-warning -a "$VALKEY_PASSWORD"} "$@"; }

cli DEL "$LOGS_KEY" "$RESULT_KEY" >/dev/null
n=0
while IFS= read -r line || [ -n "$line" ]; do
  [ -z "$line" ] && continue
  cli RPUSH "$LOGS_KEY" "$line" >/dev/null
  n=$((n + 1))
done < "$FILE"
echo "stored $n logs in $LOGS_KEY (list)"

event_id=$(cli XADD "$STREAM" '*' incident_id "$ID")
echo "published $event_id on $STREAM: incident_id=$ID"

i=0
while [ "$i" -lt "$WAIT_SECONDS" ]; do
  if [ "$(cli EXISTS "$RESULT_KEY")" = "1" ]; then
    echo "result ($RESULT_KEY):"
    cli GET "$RESULT_KEY"
    exit 0
  fi
  sleep 1
  i=$((i + 1))
done
echo "no result at $RESULT_KEY after ${WAIT_SECONDS}s: is the stream consumer running (MODE=all or consumer)?" >&2
exit 1
