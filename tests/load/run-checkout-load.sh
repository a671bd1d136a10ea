#!/usr/bin/env bash
# Checkout load against the embedded host over real sockets (Kestrel), with wrk (apt-get install wrk).
#   1. oversell: CONNECTIONS concurrent connections hammer one SKU with OVERSELL_UNITS units for a few seconds;
#      exactly OVERSELL_UNITS checkouts must succeed and the stock must end at 0.
#   2. throughput: CONNECTIONS connections for DURATION over SKU_COUNT SKUs with ample stock; prints checkouts/s and latency.
#   3. hot SKU: the same on one SKU, with and without group commit in front of the ETag (Platform:Commerce:QueueStockWritesInProcess).
# The flash sale (2,000 buyers, 500 units, ratios against a baseline build) is the benchmark mode `flash-sale` (tests/README.md).
# Starts its own host on PORT with a fresh data folder and stops it at the end. Usage: tests/load/run-checkout-load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5190}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15s}
SKU_COUNT=${SKU_COUNT:-20}
OVERSELL_UNITS=${OVERSELL_UNITS:-100}
H=http://localhost:$PORT
DATA=$(mktemp -d)

HOST_PID=
start_host() { # $1: in-process queuing true|false
  [ -n "$HOST_PID" ] && kill "$HOST_PID" && wait "$HOST_PID" 2>/dev/null || true
  (cd functions/Platform.LocalHost && exec dotnet bin/Release/net10.0/Platform.LocalHost.dll --urls "$H" \
    --Platform:Embedded:DataPath="$DATA" --Logging:LogLevel:Default=Warning --Platform:Commerce:QueueStockWritesInProcess="$1" \
    --Platform:Payments:Simulator:PublicBaseUrl="$H/" --Platform:Payments:Simulator:WebhookUrl="$H/api/payments/webhook") >>"$DATA/host.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 120); do curl -s -o /dev/null "$H/api/shops/none" && return; sleep 0.5; done
  echo "host did not start; see $DATA/host.log"; exit 1
}
trap '[ -n "$HOST_PID" ] && kill $HOST_PID 2>/dev/null || true' EXIT
dotnet build functions/Platform.LocalHost -c Release -v quiet -nologo >/dev/null
start_host true

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
token() { curl -s -X POST "$H/dev/token" -H 'content-type: application/json' -d "$1" | json 'd["accessToken"]'; }
BRAND=$(token '{"userId":"loadbrand","roles":["brand"],"brandIds":["loadbrand"]}')
export TOKEN; TOKEN=$(token '{"userId":"loadbuyer"}')
curl -s -X PUT "$H/api/brands/loadbrand" -H "authorization: Bearer $BRAND" -H 'content-type: application/json' -d '{"name":"Load"}' >/dev/null
SHOP=$(curl -s -X POST "$H/api/brands/loadbrand/shops" -H "authorization: Bearer $BRAND" -H 'content-type: application/json' \
  -d '{"name":"Load shop","currency":"CNY"}' | json 'd["id"]')
product() {
  curl -s -X POST "$H/api/shops/$SHOP/products" -H "authorization: Bearer $BRAND" -H 'content-type: application/json' \
    -d "{\"title\":\"$1\",\"skus\":[{\"priceMinor\":9900,\"stock\":$2}]}" | json 'd["id"]+" "+d["skus"][0]["id"]'
}
available() { curl -s "$H/api/products/$1" | json 'd["skus"][0]["available"]'; }

echo "== oversell: $CONNECTIONS connections, one SKU with $OVERSELL_UNITS units"
read -r P1 SKUS <<<"$(product hot "$OVERSELL_UNITS")"; export SKUS
OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d5s --timeout 30s -s tests/load/checkout.lua "$H")
echo "$OUT" | grep RESULT
CREATED=$(echo "$OUT" | sed -n 's/.*created=\([0-9]*\).*/\1/p')
LEFT=$(available "$P1")
ORDERS=$(python3 - "$H" "$SHOP" "$BRAND" <<'PY'
import json, sys, urllib.request
host, shop, token = sys.argv[1:]
count, cont = 0, None
while True:
    url = f"{host}/api/shops/{shop}/orders?pageSize=50" + (f"&continuation={cont}" if cont else "")
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"authorization": f"Bearer {token}"})))
    count += len(page["items"]); cont = page.get("continuation")
    if not cont: break
print(count)
PY
)
echo "   201 responses: $CREATED, orders stored: $ORDERS, stock left: $LEFT"
if [ "$CREATED" != "$OVERSELL_UNITS" ] || [ "$ORDERS" != "$OVERSELL_UNITS" ] || [ "$LEFT" != "0" ]; then echo "OVERSELL CHECK FAILED"; exit 1; fi
echo "   oversell check passed"

echo "== throughput: $CONNECTIONS connections for $DURATION over $SKU_COUNT SKUs with ample stock"
SKUS=""; for i in $(seq 1 "$SKU_COUNT"); do read -r _ SKU <<<"$(product "p$i" 10000000)"; SKUS="$SKUS${SKUS:+,}$SKU"; done; export SKUS
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s -s tests/load/checkout.lua "$H" | grep RESULT

for QUEUE in true false; do
  [ "$QUEUE" = false ] && start_host false
  echo "== hot SKU: $CONNECTIONS connections for $DURATION on one SKU, in-process queuing $QUEUE"
  read -r _ SKUS <<<"$(product "hot-$QUEUE" 10000000)"; export SKUS
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s -s tests/load/checkout.lua "$H" | grep RESULT
done
