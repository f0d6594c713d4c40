-- wrk script: sends the bearer token from the TOKEN environment variable and
-- prints one JSON line with throughput and latency percentiles (microseconds)
-- that run.sh turns into the report table.
local token = os.getenv("TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local encoding = os.getenv("ACCEPT_ENCODING")
if encoding ~= nil and encoding ~= "" then
  wrk.headers["Accept-Encoding"] = encoding
end

local non_2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"rps":%.1f,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"errors":%d,"bytes_per_request":%d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout,
    summary.requests > 0 and math.floor(summary.bytes / summary.requests) or 0))
end
