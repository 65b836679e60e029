-- wrk script for bench/signals.py: POSTs the public signal form (/signaal/) with one CSRF
-- cookie + token (from the environment: BENCH_COOKIE="csrftoken=...", BENCH_CSRF_TOKEN=...).
-- Every request has its own text (thread id and counter appended); every third one a postcode.
-- Counts responses per status (302 = stored) and requests sent, so the script can tell how many
-- were still in flight when wrk stopped. One JSON line at the end, prefixed "BENCH_JSON ".

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

local TEXTS = {
  "Ik wacht al weken op mijn WW-uitkering en niemand belt mij terug.",
  "De brief over mijn herbeoordeling WIA begrijp ik niet, er staan alleen moeilijke woorden in.",
  "Mijn Wajong is deze maand te laat betaald en ik kan mijn huur niet betalen.",
  "De verzekeringsarts luisterde niet naar mij en had mijn dossier niet gelezen.",
  "Inloggen op Mijn UWV lukt niet, de app geeft steeds een foutmelding.",
  "Mijn re-integratiecoach is heel behulpzaam, complimenten voor haar geduld.",
  "Op mijn bezwaar tegen de beslissing over de Ziektewet heb ik nog steeds geen antwoord.",
  "Aan de telefoon werd ik onvriendelijk te woord gestaan toen ik naar mijn WAO vroeg.",
}
local POSTCODES = { "1011 AB", "3511 AA", "9712 CP", "5611 AZ", "2511 BT", "6211 LH", "8011 CW" }

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  sent = 0
  received = 0
  s302 = 0
  s400 = 0
  s403 = 0
  s429 = 0
  s5xx = 0
  sother = 0
  wrk.method = "POST"
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  prefix = "csrfmiddlewaretoken=" .. encode(os.getenv("BENCH_CSRF_TOKEN")) .. "&scheme=&website="
end

function request()
  sent = sent + 1
  local text = TEXTS[(sent % #TEXTS) + 1] .. " (wrk " .. id .. "-" .. sent .. ")"
  local postcode = ""
  if sent % 3 == 0 then
    postcode = POSTCODES[((sent / 3) % #POSTCODES) + 1]
  end
  local body = prefix .. "&text=" .. encode(text) .. "&postcode=" .. encode(postcode)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  received = received + 1
  if status == 302 then
    s302 = s302 + 1
  elseif status == 400 then
    s400 = s400 + 1
  elseif status == 403 then
    s403 = s403 + 1
  elseif status == 429 then
    s429 = s429 + 1
  elseif status >= 500 then
    s5xx = s5xx + 1
  else
    sother = sother + 1
  end
end

function done(summary, latency, requests)
  local t = { sent = 0, received = 0, s302 = 0, s400 = 0, s403 = 0, s429 = 0, s5xx = 0,
              sother = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do
      t[key] = t[key] + (thread:get(key) or 0)
    end
  end
  -- wrk calls request() once more, on the first thread before it starts, to check the script
  t.sent = math.max(0, t.sent - 1)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"non_2xx": %d, "sent": %d, "received": %d, '
      .. '"status": {"302": %d, "400": %d, "403": %d, "429": %d, "5xx": %d, "other": %d}, '
      .. '"latency_us": {"min": %d, "mean": %.1f, "stdev": %.1f, "max": %d, '
      .. '"p50": %d, "p90": %d, "p95": %d, "p99": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    t.received - t.s302, t.sent, t.received,
    t.s302, t.s400, t.s403, t.s429, t.s5xx, t.sother,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)
  ))
end
