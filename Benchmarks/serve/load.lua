-- wrk script for `scripts/serve-load.sh`: POST /v1/screen with a rotating mix of typical drafts
-- (40-300 bytes, clean and flagged), counting answers that were not 200.
local drafts = {
  "Long week but the Year 9 trip to the Roman Baths was worth it. Lovely to see them so curious about history.",
  "Huge well done to Ben Smith in Year 10 for reaching the county final! So proud of our #TestProud team.",
  "Year 11, text me on 07700 900123 if you get stuck on the revision pack tonight.",
  "SLT have stitched us up again with the new marking policy. Absolutely fuming, so done with this place.",
  "Apparently the bursar has been fiddling the expenses for years. Everyone in the office knows.",
  "Parents evening went really well tonight - thanks to all the families who came along. Views my own.",
  "Can't believe the cover rota has me teaching four periods back to back again. Anyone else exhausted?",
  "The wifi password for the staff room is Harbour2024! - don't share it with the kids.",
  "Great assembly this morning about kindness and online safety. Year 7 asked brilliant questions.",
  "Sara Hart-Smith in 8B was brilliant at sports day, she won the 100m by miles!",
  "Off to the coast for half term. Sun, sea and absolutely no marking.",
  "Not saying Mr Jones is a thief, but the PE budget disappeared the week he bought a new car.",
}
local bodies = {}
for i, d in ipairs(drafts) do
  bodies[i] = '{"text": "' .. d:gsub('"', '\\"') .. '", "account": "personal"}'
end

local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  sent, answered, failed = 0, 0, 0
end

function request()
  sent = sent + 1
  local body = bodies[(sent + id) % #bodies + 1]
  return wrk.format("POST", "/v1/screen", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then failed = failed + 1 end
end

function done(summary, latency, requests)
  local total_failed = 0
  for _, t in ipairs(threads) do total_failed = total_failed + (t:get("failed") or 0) end
  io.write(string.format("answers that were not 200: %d\n", total_failed))
end
