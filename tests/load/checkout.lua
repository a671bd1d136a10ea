-- wrk script: POST /api/checkout with a fresh Idempotency-Key per request ("buy now" one unit of one SKU).
-- Environment: TOKEN (buyer's bearer token), SKUS (comma-separated SKU ids, used in turn).
-- Prints status counts and latency percentiles of all requests.
local token = os.getenv("TOKEN")
local skus = {}
for sku in string.gmatch(os.getenv("SKUS"), "[^,]+") do table.insert(skus, sku) end
local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  created = 0
  conflict = 0
  other = 0
end

local function body_for(sku)
  return string.format(
    '{"shippingAddress":{"recipientName":"王小红","phone":"13800000000","line1":"南京西路 1266 号","city":"上海","country":"CN"},' ..
    '"items":[{"skuId":"%s","quantity":1}]}', sku)
end

function request()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("load-%d-%d-%d", tid, os.time(), counter),
  }
  return wrk.format("POST", "/api/checkout", headers, body_for(skus[(counter + tid) % #skus + 1]))
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 409 then conflict = conflict + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c, x, o = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); x = x + t:get("conflict"); o = o + t:get("other")
  end
  io.write(string.format("RESULT created=%d out_of_stock=%d other=%d requests=%d timeouts=%d seconds=%.2f throughput=%.1f/s\n",
    c, x, o, summary.requests, summary.errors.timeout, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("RESULT latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
