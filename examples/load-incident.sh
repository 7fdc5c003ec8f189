#!/bin/sh
# Loads a JSONL file of logs into the incident's logs key (a list, oldest first), publishes
# `XADD incidents:created * incident_id <id>` and waits for the result of the stream consumer.
# Needs only valkey-cli (or redis-cli): it runs in the docker-compose `demo` service and works
# against any server, e.g.
#   VALKEY_HOST=127.0.0.1 VALKEY_PORT=6379 INCIDENT_ID=demo-INC-0001 sh examples/load-incident.sh
#
# It REPLACES the incident's data: the logs key and the incident's latest result are deleted
# before loading (it says so when they existed), so use an incident id of its own.
# Key and stream names follow the service's settings of the same names: INCIDENT_LOGS_KEY
# (a template with {incident_id}), INCIDENT_STREAM, ANOMALY_STREAM; VALKEY_USERNAME and
# VALKEY_PASSWORD authenticate.
set -eu

HOST="${VALKEY_HOST:-valkey}"
PORT="${VALKEY_PORT:-6379}"
ID="${INCIDENT_ID:-demo-INC-0001}"
FILE="${LOGS_FILE:-$(dirname "$0")/sample-incident.jsonl}"
DEFAULT_LOGS_KEY='incident:{incident_id}:logs'
TEMPLATE="${INCIDENT_LOGS_KEY:-$DEFAULT_LOGS_KEY}"
case "$TEMPLATE" in
  *"{incident_id}"*) ;;
  *) echo "INCIDENT_LOGS_KEY must contain the placeholder {incident_id}: $TEMPLATE" >&2; exit 2 ;;
esac
LOGS_KEY="${TEMPLATE%%\{incident_id\}*}$ID${TEMPLATE#*\{incident_id\}}"
STREAM="${INCIDENT_STREAM:-incidents:created}"
RESULT_KEY="${ANOMALY_STREAM:-anomalies:detected}:latest:$ID"
WAIT_SECONDS="${WAIT_SECONDS:-60}"

CLI=valkey-cli
command -v "$CLI" >/dev/null 2>&1 || CLI=redis-cli
cli() { "$CLI" -h "$HOST" -p "$PORT" ${VALKEY_USERNAME:+--user "$VALKEY_USERNAME"} ${VALKEY_PASSWORD:+--no-auth-warning --pass "$VALKEY_PASSWORD"} "$@"; }

for key in "$LOGS_KEY" "$RESULT_KEY"; do
  if [ "$(cli EXISTS "$key")" = "1" ]; then
    cli DEL "$key" >/dev/null
    echo "deleted the existing $key (replaced by this run)"
  fi
done
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
