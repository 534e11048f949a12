-- wrk script for bench:api (api/bench/call-tokens.ts): POST /v1/calls with the session token
-- and body the bench passes in the environment, and a JSON summary line when done.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["content-type"] = "application/json"
wrk.headers["origin"] = os.getenv("BENCH_ORIGIN")
wrk.headers["authorization"] = "Bearer " .. os.getenv("BENCH_SESSION_TOKEN")

-- Refusals (>= 400) come back as errors.status; a grant is 201, never a redirect.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"statusErrors":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
