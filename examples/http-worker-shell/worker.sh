#!/usr/bin/env bash
# An Offload worker in shell: curl for HTTP, jq for JSON, one task at a time. It long-polls
# POST /v1/workers/claim, runs the handler of the task's type (a shell function below), reports
# progress, and ends the attempt with complete or fail. A 409 (lease-lost) means the attempt is
# over on the server: its result is dropped.
#
#   OFFLOAD_URL=http://127.0.0.1:3000 OFFLOAD_WORKER_KEY=ok_... OFFLOAD_TYPES=sh-square ./worker.sh
#
# A handler reads the task's input (JSON) on stdin and prints its result (JSON) on stdout; exit
# status 0 completes, 2 fails permanently, anything else fails and is retried with backoff.
set -u

URL="${OFFLOAD_URL:-http://127.0.0.1:3000}"
KEY="${OFFLOAD_WORKER_KEY:?set OFFLOAD_WORKER_KEY to a worker key (offload keys create --worker --types …)}"
TYPES="${OFFLOAD_TYPES:-sh-square}"
WORKER_ID="${OFFLOAD_WORKER_ID:-shell-$$}"
BATCH="${OFFLOAD_BATCH:-20}"

# POST $1 with body $2; prints "<status> <body>".
post() {
  curl -sS -o /dev/stdout -w '\n%{http_code}' -X POST "$URL$1" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary "$2" --max-time 30
}

# The demo type: squares .n, fails when .fail is set (one jq run: it is most of a task's cost).
handle_sh_square() {
  local out input
  input="$(cat)"
  # A task may ask to take its time (sleepMs): long enough to be seen running, with its progress.
  local ms
  ms="$(jq -r '.sleepMs // 0' <<<"$input")"
  [ "$ms" != 0 ] && sleep "$(awk "BEGIN { print $ms / 1000 }")"
  out="$(jq -c 'if .fail then "FAIL:" + .fail else {square: (.n * .n), by: "shell"} end' <<<"$input")" || return 1
  if [ "${out:0:6}" = '"FAIL:' ]; then
    out="${out:6}"
    printf '%s\n' "${out%\"}" >&2
    return 2
  fi
  printf '%s\n' "$out"
}

stop=0
trap 'stop=1' TERM INT
types_json="$(jq -nc --arg t "$TYPES" '$t | split(",")')"
claim_body="$(jq -nc --argjson types "$types_json" --argjson max "$BATCH" --arg id "$WORKER_ID" \
  '{types: $types, max: $max, waitSeconds: 5, workerId: $id}')"
echo "{\"msg\":\"worker started\",\"types\":$types_json}"

while [ "$stop" = 0 ]; do
  answer="$(post /v1/workers/claim "$claim_body")" || { sleep 1; continue; }
  status="${answer##*$'\n'}"
  body="${answer%$'\n'*}"
  if [ "$status" != 200 ]; then
    echo "{\"msg\":\"claim failed\",\"status\":$status}"
    sleep 1
    continue
  fi
  # Three lines per task: its lease token, its type, its input as one line of JSON.
  while IFS= read -r token && IFS= read -r type && IFS= read -r input; do
    post "/v1/leases/$token/progress" '{"percent":50,"message":"working"}' >/dev/null
    handler="handle_${type//[-.]/_}"
    if ! declare -F "$handler" >/dev/null; then
      post "/v1/leases/$token/fail" "{\"message\":\"no handler for this type\",\"permanent\":true}" >/dev/null
      continue
    fi
    errfile="$(mktemp)"
    result="$("$handler" <<<"$input" 2>"$errfile")"
    code=$?
    if [ "$code" = 0 ]; then
      # The handler printed JSON: the report is built around it without another jq run.
      reply="$(post "/v1/leases/$token/complete" "{\"result\":${result:-null}}")"
    else
      permanent=false
      [ "$code" = 2 ] && permanent=true
      reply="$(post "/v1/leases/$token/fail" "$(jq -Rsc --argjson p "$permanent" \
        '{message: (rtrimstr("\n") | if . == "" then "failed" else .[0:4000] end), permanent: $p}' <"$errfile")")"
    fi
    rm -f "$errfile"
    [ "${reply##*$'\n'}" = 409 ] && echo "{\"msg\":\"lease lost\",\"token\":\"$token\"}"
  done < <(jq -r '.tasks[] | .leaseToken, .type, (.input | tojson)' <<<"$body")
done
echo '{"msg":"worker stopped"}'
