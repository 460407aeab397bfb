-- One wrk script for every scenario, configured through environment variables:
--   BENCH_METHOD       GET or POST
--   BENCH_PATH         request path; "{item}" is replaced by the current item
--   BENCH_ITEMS        file with one item per line (codes, tokens, JSON bodies, cookies); optional
--   BENCH_ITEM_IN      where the item goes: path (default), body or header
--   BENCH_HEADERS      "Name: value" lines separated by "|"; "{item}" is replaced by the current item
--   BENCH_BODY_FILE    fixed body read from a file (e.g. a multipart upload); optional
--   BENCH_ONCE         1: every item is used once (one-shot dossiers); a thread stops when it runs out
--   BENCH_IDEMPOTENCY  1: send a unique Idempotency-Key header
--   BENCH_THREADS      number of wrk threads (to split the items)
--   BENCH_OUT          where done() writes its JSON summary
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function read_lines(path, tid, nthreads)
  local lines = {}
  local index = 0
  for line in io.lines(path) do
    if line ~= "" then
      if index % nthreads == tid then table.insert(lines, line) end
      index = index + 1
    end
  end
  return lines
end

local function read_all(path)
  local handle = assert(io.open(path, "rb"))
  local data = handle:read("*a")
  handle:close()
  return data
end

function init(args)
  method = os.getenv("BENCH_METHOD") or "GET"
  path_template = os.getenv("BENCH_PATH") or "/"
  item_in = os.getenv("BENCH_ITEM_IN") or "path"
  once = os.getenv("BENCH_ONCE") == "1"
  idempotency = os.getenv("BENCH_IDEMPOTENCY") == "1"
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
  local items_file = os.getenv("BENCH_ITEMS")
  items = items_file and read_lines(items_file, tid, nthreads) or {""}
  local body_file = os.getenv("BENCH_BODY_FILE")
  fixed_body = body_file and read_all(body_file) or nil
  header_templates = {}
  for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
    if name then header_templates[name] = value end
  end
  position = 0
  sent = 0
  statuses = {}
  exhausted = false
end

local function plain_replace(text, item)
  local start, finish = string.find(text, "{item}", 1, true)
  if not start then return text end
  return string.sub(text, 1, start - 1) .. item .. string.sub(text, finish + 1)
end

function request()
  position = position + 1
  if position > #items then
    if once then
      exhausted = true
      wrk.thread:stop()
    end
    position = 1
  end
  local item = items[position]
  local headers = {}
  for name, value in pairs(header_templates) do
    headers[name] = item_in == "header" and plain_replace(value, item) or value
  end
  sent = sent + 1
  if idempotency then headers["Idempotency-Key"] = "bench-" .. tid .. "-" .. sent .. "-" .. math.random(1, 1000000000) end
  local body = fixed_body
  if item_in == "body" then body = item end
  local path = item_in == "path" and plain_replace(path_template, item) or path_template
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  local stopped = 0
  for _, thread in ipairs(threads) do
    local thread_counts = thread:get("statuses")
    if thread_counts then
      for code, count in pairs(thread_counts) do counts[code] = (counts[code] or 0) + count end
    end
    if thread:get("exhausted") then stopped = stopped + 1 end
  end
  local parts = {}
  for code, count in pairs(counts) do table.insert(parts, string.format('"%s": %d', code, count)) end
  local errors = summary.errors
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"mean": %.1f}, "statuses": {%s}, "exhausted_threads": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, table.concat(parts, ", "), stopped))
  out:close()
end
