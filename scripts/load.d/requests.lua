-- wrk script: POST one GraphQL request after another to the URL, cycling over the
-- request bodies in the file given after `--` (one JSON body a line), each thread
-- from its own starting point. Counts answers that are not 200 or hold "errors".
local threads = {}
local counter = 0

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local n = 0
local i = 0

init = function(args)
  local headers = { ["Content-Type"] = "application/json" }
  for line in io.lines(args[1]) do
    if line ~= "" then
      n = n + 1
      requests[n] = wrk.format("POST", nil, headers, line)
    end
  end
  if n == 0 then
    error("no requests in " .. args[1])
  end
  -- Threads start at different points of the list.
  i = (id * 7919) % n
end

request = function()
  i = i % n + 1
  return requests[i]
end

errors = 0
response = function(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (t:get("errors") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"errors":%d,"socket_errors":%d,"p50":%.1f,"p90":%.1f,"p99":%.1f,"max":%.1f}\n',
    summary.requests, summary.duration, total, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
