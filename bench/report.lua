-- wrk reporter: one machine-readable line with throughput, latency percentiles
-- (milliseconds) and failures. With NOCACHE=1 in the environment every request
-- gets a unique query parameter, so no answer comes from the cache.
local counter = 0
local nocache = os.getenv("NOCACHE") == "1"

request = function()
  if not nocache then
    return wrk.format(nil, wrk.path)
  end
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "_bench=" .. math.random(1, 1e9) .. "-" .. counter)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "BENCH rps=%.1f p50=%.2f p95=%.2f p99=%.2f requests=%d failed=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, failed))
end
