-- wrk script: POST /api/v1/leads/bookings/ with a new customer every request.
-- Each request has its own e-mail address and Idempotency-Key (so none is
-- answered with an earlier booking) and takes the next window of BOOK_SLOTS
-- ("2026-12-01|08:00,2026-12-01|10:00,…", every bookable window over the
-- horizon, from booking_setup.py), so the load spreads over dates and windows
-- as real bookings would and no window fills up. Reports like report.lua.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local service = os.getenv("BOOK_SERVICE")
local slots = {}
for date, time in string.gmatch(os.getenv("BOOK_SLOTS") or "", "([%d-]+)|([%d:]+)") do
  slots[#slots + 1] = { date = date, time = time }
end

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local counter = 0
local run_id = nil

request = function()
  if run_id == nil then
    -- Unique across wrk runs (warm-up, measurement) and threads.
    math.randomseed(os.time() + (thread_number or 0) * 7919)
    run_id = string.format("%d-%d-%d", os.time(), thread_number or 0, math.random(1, 1e9))
  end
  counter = counter + 1
  local id = run_id .. "-" .. counter
  local slot = slots[(counter + (thread_number or 0) * 31) % #slots + 1]
  local body = string.format(
    '{"service_slug":"%s","name":"Bench Customer %d","email":"bench-%s@example.com",'
      .. '"preferred_date":"%s","preferred_time_slot":"%s",'
      .. '"address":"Kilimani, Argwings Kodhek Rd, Nairobi","notes":"load test"}',
    service, counter, id, slot.date, slot.time)
  return wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. id,
  }, body)
end
