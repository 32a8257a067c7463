-- wrk script of bench/soak.sh: a mixed workload with the attacks of issue 14 mixed in, paced
-- by DELAY_MS per connection (0: as fast as the server answers, to measure its capacity).
-- Tokens come from the environment (COORDINATOR_TOKEN, LOGISTICS_TOKEN, OPERATOR_TOKEN);
-- every answer's status is counted, and done() prints them with the 5xx total.
local coordinator = "Bearer " .. os.getenv("COORDINATOR_TOKEN")
local logistics = "Bearer " .. os.getenv("LOGISTICS_TOKEN")
local operator = "Bearer " .. os.getenv("OPERATOR_TOKEN")
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local good_file = os.getenv("GOOD_FILE")
local bad_file = os.getenv("BAD_FILE")
local huge_login = '{"email":"' .. string.rep("a", 100000) .. '@x.fr","password":"x"}'

local function get(path, auth)
  return wrk.format("GET", path, auth and { ["Authorization"] = auth } or {})
end
local function post(path, auth, body, ctype)
  local headers = { ["Content-Type"] = ctype or "application/json" }
  if auth then headers["Authorization"] = auth end
  return wrk.format("POST", path, headers, body)
end

-- One request of each kind per slot of 200, in a fixed order.
local mix = {}
local function add(n, make) for _ = 1, n do mix[#mix + 1] = make end end
add(60, function() return get("/api/v1/organisations?limit=50", coordinator) end)
add(30, function() return get("/api/v1/sims?limit=50", coordinator) end)
add(20, function() return get("/api/v1/stock/summary", coordinator) end)
add(20, function() return get("/api/v1/health") end)
add(10, function() return get("/api/v1/requests?limit=50", coordinator) end)
add(20, function(n) -- packing scans: a card of the demo's open parcel, packed or refused (409)
  return post("/api/v1/packing-orders/1/scans", logistics,
              string.format('{"iccid":"%s"}', os.getenv("SCAN_" .. (n % 12))))
end)
add(1, function()  -- the coordinator's browser, known by its device cookie
  return wrk.format("POST", "/api/v1/session",
    { ["Content-Type"] = "application/json", ["Cookie"] = os.getenv("DEVICE_COOKIE") },
    '{"email":"coordinator@demo.relais","password":"relais-demo"}')
end)
add(2, function(n) return post("/api/v1/session", nil,
  string.format('{"email":"nobody%d@example.org","password":"guess%d"}', n, n)) end)   -- attack
add(2, function() return post("/api/v1/session", nil, huge_login) end)                  -- attack
add(1, function() return post("/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Soak",
  operator, good_file, "text/csv") end)
add(2, function() return post("/api/v1/sim-batches?operator=SFR&plan=CU-2020&reference=Bad",
  operator, bad_file, "text/csv") end)                                                 -- attack
add(16, function() return get("/api/v1/nowhere/" .. math.random(1e9)) end)              -- attack
add(16, function() return post("/api/v1/organisations", coordinator, '{"kind":') end)    -- attack

local counter = 0
function request()
  counter = counter + 1
  return mix[(counter % #mix) + 1](counter)
end

function delay()
  return delay_ms
end

statuses = {}  -- global: done() reads each thread's through thread:get
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local all = {}
  local server_errors = 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do
      all[k] = (all[k] or 0) + v
      if k >= 500 then server_errors = server_errors + v end
    end
  end
  local keys = {}
  for k in pairs(all) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. all[k] end
  io.write("statuses: " .. table.concat(parts, " ") .. "\n")
  io.write("server errors: " .. server_errors .. "\n")
  io.write(string.format("p99 ms: %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
end
