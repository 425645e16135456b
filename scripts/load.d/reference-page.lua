-- wrk script: POST the reference page query (the README's example) to /graphql.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"query":"{ page(path: \"/kultur-och-fritid/bibliotek/medborgardialogen-om-biblioteket\") { id title path locale updatedAt breadcrumbs { title path } blocks { __typename ... on HeadingBlock { text level } ... on RichTextBlock { html } ... on LinkListBlock { links { title url } } ... on VideoBlock { url caption } } documents { title fileName mimeType sizeBytes url } contacts { name tagline email phones { label number e164 } visitingAddress { street postalCode city } } } }"}]]

-- wrk runs response() in each thread's own Lua state and done() in another, so
-- each thread counts its errors and done() adds them up through the threads.
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
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
  io.write(string.format("requests: %d, errors in responses: %d\n", summary.requests, total))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
